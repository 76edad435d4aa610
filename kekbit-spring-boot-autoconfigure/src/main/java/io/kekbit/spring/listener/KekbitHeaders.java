package io.kekbit.spring.listener;

/**
 * Header names of records delivered to {@link KekbitListener} methods, for
 * {@code @org.springframework.messaging.handler.annotation.Header} parameters and {@code Message} headers. These
 * are computed from the channel, never stored in a record; on an enveloped channel the record's own headers (see
 * {@link io.kekbit.core.envelope.EnvelopeHeaders} for well-known names) are available under their names as well.
 * Thread-safe (constants).
 */
public final class KekbitHeaders
{
    /** Data position of the record in its channel ({@code long}). */
    public static final String POSITION = "kekbit_position";
    /** Channel id ({@code long}). */
    public static final String CHANNEL_ID = "kekbit_channelId";
    /** Channel name as given in {@link KekbitListener#channel()} ({@code String}). */
    public static final String CHANNEL_NAME = "kekbit_channelName";

    private KekbitHeaders()
    {
    }
}
