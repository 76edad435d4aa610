package io.kekbit.spring.observation;

import io.kekbit.spring.observation.KekbitTemplateObservation.TemplateHighCardinalityTags;
import io.kekbit.spring.observation.KekbitTemplateObservation.TemplateLowCardinalityTags;

import io.micrometer.common.KeyValues;

/**
 * The default {@link KekbitTemplateObservationConvention}: name {@code kekbit.template}, contextual name
 * {@code <writer> send}, low cardinality keys {@code messaging.system=kekbit}, {@code messaging.operation=publish},
 * {@code messaging.destination.name} (writer name), {@code messaging.destination.kind} ({@code channel} or
 * {@code journal}) and {@code kekbit.channel.id}; high cardinality keys {@code kekbit.record.position} (once
 * written) and {@code messaging.message.body.size}. Extend it to add keys (call {@code super}). Thread-safe
 * (stateless).
 */
public class DefaultKekbitTemplateObservationConvention implements KekbitTemplateObservationConvention
{
    /** A shared instance. */
    public static final DefaultKekbitTemplateObservationConvention INSTANCE =
        new DefaultKekbitTemplateObservationConvention();

    /**
     * Creates the convention; subclasses call it.
     */
    public DefaultKekbitTemplateObservationConvention()
    {
    }

    /** {@inheritDoc} */
    @Override
    public String getContextualName(final KekbitRecordSenderContext context)
    {
        return context.getWriterName() + " send";
    }

    /** {@inheritDoc} */
    @Override
    public KeyValues getLowCardinalityKeyValues(final KekbitRecordSenderContext context)
    {
        return KeyValues.of(
            TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("kekbit"),
            TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("publish"),
            TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getWriterName()),
            TemplateLowCardinalityTags.MESSAGING_DESTINATION_KIND.withValue(context.isJournal() ? "journal" :
                "channel"),
            TemplateLowCardinalityTags.CHANNEL_ID.withValue(Long.toString(context.getChannelId())));
    }

    /** {@inheritDoc} */
    @Override
    public KeyValues getHighCardinalityKeyValues(final KekbitRecordSenderContext context)
    {
        final KeyValues size = KeyValues.of(
            TemplateHighCardinalityTags.MESSAGING_MESSAGE_BODY_SIZE.withValue(Integer.toString(context.getBodySize())));
        return context.getPosition() < 0 ? size :
            size.and(TemplateHighCardinalityTags.RECORD_POSITION.withValue(Long.toString(context.getPosition())));
    }
}
