/**
 * Configuration properties of the kekbit binder: binder-wide ({@code spring.cloud.stream.kekbit.binder.*}) and per
 * binding ({@code spring.cloud.stream.kekbit.bindings.<binding>.producer|consumer.*}).
 */
package io.kekbit.spring.cloud.stream.binder.properties;
