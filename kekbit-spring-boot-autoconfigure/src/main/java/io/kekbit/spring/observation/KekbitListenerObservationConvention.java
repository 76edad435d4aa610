package io.kekbit.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@link KekbitListenerObservation#LISTENER_OBSERVATION}. A bean of this type replaces
 * {@link DefaultKekbitListenerObservationConvention}. Implementations must be thread-safe: every listener thread
 * uses the same one.
 */
public interface KekbitListenerObservationConvention extends ObservationConvention<KekbitRecordReceiverContext>
{
    /** {@inheritDoc} */
    @Override
    default boolean supportsContext(final Observation.Context context)
    {
        return context instanceof KekbitRecordReceiverContext;
    }

    /** {@inheritDoc} */
    @Override
    default String getName()
    {
        return "kekbit.listener";
    }
}
