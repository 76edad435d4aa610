/**
 * Receiving records: {@link io.kekbit.spring.listener.KekbitListener} methods, the bean post-processor that finds
 * them, the {@link io.kekbit.spring.listener.KekbitListenerEndpointRegistry} of their containers, error handling and
 * argument resolution.
 */
package io.kekbit.spring.listener;
