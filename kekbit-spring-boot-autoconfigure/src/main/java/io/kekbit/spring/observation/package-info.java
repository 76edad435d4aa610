/**
 * Micrometer Observation of kekbit: {@link io.kekbit.spring.observation.KekbitTemplateObservation} for
 * {@link io.kekbit.spring.core.KekbitTemplate} sends and {@link io.kekbit.spring.observation.KekbitListenerObservation}
 * for {@code @KekbitListener} deliveries, their default conventions and the sender and receiver contexts. The
 * contexts carry tracing headers in the record envelope ({@code docs/envelope.md}): a trace started at a send
 * continues in a listener of another process only on an enveloped channel; raw records have nowhere to carry it.
 */
package io.kekbit.spring.observation;
