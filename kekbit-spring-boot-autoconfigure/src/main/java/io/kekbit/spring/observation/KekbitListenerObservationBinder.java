package io.kekbit.spring.observation;

import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import io.micrometer.observation.ObservationRegistry;

/**
 * Observes the deliveries of every {@code @KekbitListener} container of a registry, those registered now and later,
 * with {@link KekbitListenerObservation}. The auto-configuration creates one with
 * {@code kekbit.listener.observation-enabled=true}. Thread-safe (it only registers a callback).
 */
public final class KekbitListenerObservationBinder
{
    private final ObservationRegistry observations;
    private final KekbitListenerObservationConvention convention;

    /**
     * Observes the registry's containers.
     *
     * @param registry     the listener registry.
     * @param observations the observation registry.
     * @param convention   the convention, or null for {@link DefaultKekbitListenerObservationConvention}.
     */
    public KekbitListenerObservationBinder(
        final KekbitListenerEndpointRegistry registry,
        final ObservationRegistry observations,
        final KekbitListenerObservationConvention convention)
    {
        this.observations = observations;
        this.convention = convention;
        registry.onContainerRegistered(container ->
        {
            if (container instanceof KekbitListenerContainer ours)
            {
                ours.setObservation(observations, convention);
            }
        });
    }

    /**
     * The registry deliveries are observed with.
     *
     * @return the observation registry.
     */
    public ObservationRegistry getObservationRegistry()
    {
        return observations;
    }

    /**
     * The convention.
     *
     * @return the convention, or null for the default.
     */
    public KekbitListenerObservationConvention getConvention()
    {
        return convention;
    }
}
