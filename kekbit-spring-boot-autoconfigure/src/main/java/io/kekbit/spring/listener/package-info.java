/**
 * Receiving records: {@link io.kekbit.spring.listener.KekbitListener} methods and the bean post-processor that finds
 * them, listeners registered in code through a {@link io.kekbit.spring.listener.KekbitListenerConfigurer}, the
 * container model ({@link io.kekbit.spring.listener.KekbitMessageListenerContainer},
 * {@link io.kekbit.spring.listener.AbstractKekbitListenerContainer},
 * {@link io.kekbit.spring.listener.KekbitListenerContainer}, made by the
 * {@link io.kekbit.spring.listener.KekbitListenerContainerFactory}), the
 * {@link io.kekbit.spring.listener.KekbitListenerEndpointRegistry} of the containers, container events, error
 * handling and argument resolution.
 */
package io.kekbit.spring.listener;
