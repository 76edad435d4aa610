package io.kekbit.spring.observation;

import io.kekbit.spring.observation.KekbitListenerObservation.ListenerHighCardinalityTags;
import io.kekbit.spring.observation.KekbitListenerObservation.ListenerLowCardinalityTags;

import io.micrometer.common.KeyValues;

/**
 * The default {@link KekbitListenerObservationConvention}: name {@code kekbit.listener}, contextual name
 * {@code <channel> receive}, low cardinality keys {@code kekbit.listener.id}, {@code messaging.system=kekbit},
 * {@code messaging.operation=receive}, {@code messaging.source.name} (the listener's channel attribute),
 * {@code messaging.source.kind} ({@code channel} or {@code journal}) and {@code kekbit.channel.id}; high
 * cardinality keys {@code kekbit.record.position} and {@code messaging.message.body.size}, plus
 * {@code messaging.batch.message_count} for a batch. Extend it to add keys
 * (call {@code super}). Thread-safe (stateless).
 */
public class DefaultKekbitListenerObservationConvention implements KekbitListenerObservationConvention
{
    /** A shared instance. */
    public static final DefaultKekbitListenerObservationConvention INSTANCE =
        new DefaultKekbitListenerObservationConvention();

    /**
     * Creates the convention; subclasses call it.
     */
    public DefaultKekbitListenerObservationConvention()
    {
    }

    /** {@inheritDoc} */
    @Override
    public String getContextualName(final KekbitRecordReceiverContext context)
    {
        return context.getChannelName() + " receive";
    }

    /** {@inheritDoc} */
    @Override
    public KeyValues getLowCardinalityKeyValues(final KekbitRecordReceiverContext context)
    {
        return KeyValues.of(
            ListenerLowCardinalityTags.LISTENER_ID.withValue(context.getListenerId()),
            ListenerLowCardinalityTags.MESSAGING_SYSTEM.withValue("kekbit"),
            ListenerLowCardinalityTags.MESSAGING_OPERATION.withValue("receive"),
            ListenerLowCardinalityTags.MESSAGING_SOURCE_NAME.withValue(context.getChannelName()),
            ListenerLowCardinalityTags.MESSAGING_SOURCE_KIND.withValue(context.isJournal() ? "journal" : "channel"),
            ListenerLowCardinalityTags.CHANNEL_ID.withValue(Long.toString(context.getChannelId())));
    }

    /** {@inheritDoc} */
    @Override
    public KeyValues getHighCardinalityKeyValues(final KekbitRecordReceiverContext context)
    {
        final KeyValues keys = KeyValues.of(
            ListenerHighCardinalityTags.RECORD_POSITION.withValue(Long.toString(context.getPosition())),
            ListenerHighCardinalityTags.MESSAGING_MESSAGE_BODY_SIZE.withValue(Integer.toString(context.getBodySize())));
        return context.isBatch() ? keys.and(ListenerHighCardinalityTags.MESSAGING_BATCH_MESSAGE_COUNT.withValue(
            Integer.toString(context.getBatchSize()))) : keys;
    }
}
