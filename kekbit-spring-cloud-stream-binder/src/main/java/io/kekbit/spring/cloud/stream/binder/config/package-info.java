/**
 * Configuration of the kekbit binder's context ({@code META-INF/spring.binders}), with its optional health and
 * metrics parts.
 */
package io.kekbit.spring.cloud.stream.binder.config;
