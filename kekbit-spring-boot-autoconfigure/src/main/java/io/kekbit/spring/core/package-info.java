/**
 * Sending records from Spring applications: {@link io.kekbit.spring.core.KekbitTemplate}, payload converters and
 * the exceptions they throw.
 */
package io.kekbit.spring.core;
