package io.kekbit.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@link KekbitTemplateObservation#TEMPLATE_OBSERVATION}. A bean of this type replaces
 * {@link DefaultKekbitTemplateObservationConvention}. Implementations must be thread-safe: every sending thread uses
 * the same one.
 */
public interface KekbitTemplateObservationConvention extends ObservationConvention<KekbitRecordSenderContext>
{
    /** {@inheritDoc} */
    @Override
    default boolean supportsContext(final Observation.Context context)
    {
        return context instanceof KekbitRecordSenderContext;
    }

    /** {@inheritDoc} */
    @Override
    default String getName()
    {
        return "kekbit.template";
    }
}
