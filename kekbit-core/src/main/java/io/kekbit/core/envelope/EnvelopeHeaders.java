package io.kekbit.core.envelope;

/**
 * Well-known header names. A type id, a content type and tracing context are ordinary headers with these names;
 * dead letters carry their origin in the {@code kekbit_dlt_*} headers, and replies a listener sends with
 * {@code @SendTo} carry the record they answer in the {@code kekbit_origin_*} headers. Thread-safe (constants).
 */
public final class EnvelopeHeaders
{
    /** MIME type of the body, a string ({@code application/json}); the same name as Spring's {@code contentType}. */
    public static final String CONTENT_TYPE = "contentType";
    /** Application-defined type id of the body, a string (for example a class name or a schema name). */
    public static final String TYPE_ID = "kekbit_typeId";
    /** W3C Trace Context {@code traceparent}, a string. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C Trace Context {@code tracestate}, a string. */
    public static final String TRACESTATE = "tracestate";
    /** W3C Baggage, a string. */
    public static final String BAGGAGE = "baggage";

    /** Dead letter: name of the channel the record came from, a string. */
    public static final String DLT_CHANNEL = "kekbit_dlt_channel";
    /** Dead letter: id of the channel (or journal) the record came from, a long. */
    public static final String DLT_CHANNEL_ID = "kekbit_dlt_channelId";
    /** Dead letter: data position (or journal position) of the original record, a long. */
    public static final String DLT_POSITION = "kekbit_dlt_position";
    /** Dead letter: id of the listener that gave up on the record, a string. */
    public static final String DLT_LISTENER_ID = "kekbit_dlt_listenerId";
    /** Dead letter: fully qualified class name of the exception, a string. */
    public static final String DLT_EXCEPTION_CLASS = "kekbit_dlt_exceptionClass";
    /** Dead letter: message of the exception, a string (empty when it had none). */
    public static final String DLT_EXCEPTION_MESSAGE = "kekbit_dlt_exceptionMessage";
    /** Dead letter: delivery attempts made before giving up, a long. */
    public static final String DLT_ATTEMPTS = "kekbit_dlt_attempts";
    /** Dead letter: when the listener gave up, milliseconds since the epoch, a long. */
    public static final String DLT_TIMESTAMP = "kekbit_dlt_timestamp";

    /** Reply: name of the channel of the record the listener answered, a string. */
    public static final String ORIGIN_CHANNEL = "kekbit_origin_channel";
    /** Reply: id of the channel (or journal) of the record the listener answered, a long. */
    public static final String ORIGIN_CHANNEL_ID = "kekbit_origin_channelId";
    /** Reply: data position (or journal position) of the record the listener answered, a long. */
    public static final String ORIGIN_POSITION = "kekbit_origin_position";
    /** Reply: id of the listener that sent the reply, a string. */
    public static final String ORIGIN_LISTENER_ID = "kekbit_origin_listenerId";

    private EnvelopeHeaders()
    {
    }
}
