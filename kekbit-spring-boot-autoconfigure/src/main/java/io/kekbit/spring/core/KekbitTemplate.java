package io.kekbit.spring.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.core.internal.MappingFaults;
import io.kekbit.spring.observation.DefaultKekbitTemplateObservationConvention;
import io.kekbit.spring.observation.KekbitRecordSenderContext;
import io.kekbit.spring.observation.KekbitTemplateObservation;
import io.kekbit.spring.observation.KekbitTemplateObservationConvention;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.messaging.Message;

/**
 * Sends records to named writers, like Spring Kafka's {@code KafkaTemplate}. Safe to call from many threads: the
 * writers it finds are expected to be thread-safe (the auto-configured writer beans are wrapped with
 * {@link io.kekbit.core.Kekbit#synchronizedWriter}).
 * <pre>{@code
 * long position = template.send("orders", new Order("A-1", 3));   // JSON with the application's mapper
 * template.send("audit", "plain text");                            // UTF-8
 * }</pre>
 * Every send returns the data position of the new record in its channel. A refused write throws
 * {@link KekbitSendException} naming the channel, its capacity and the record size, and carrying the reason and the
 * failed payload. As with Spring Kafka's {@code KafkaTemplate}, a {@link KekbitProducerListener} is told about each
 * record written and each failed send, and {@link #sendAsync(String, Object)} gives the outcome as a
 * {@code CompletableFuture<KekbitSendResult>}, completed before it returns (a kekbit write never waits: a full
 * channel refuses the record at once):
 * <pre>{@code
 * template.sendAsync("orders", order).whenComplete((result, ex) ->
 * {
 *     if (ex instanceof KekbitSendException refused)
 *     {
 *         log.warn("{} refused {}: {}", refused.getWriterName(), refused.getFailedPayload(), refused.getReason());
 *     }
 * });
 * }</pre>
 * <p>
 * A writer configured with {@code kekbit.writers.<name>.envelope=true} gets every record in the kekbit envelope
 * ({@code docs/envelope.md}): {@link #send(String, Message)} writes the message headers with the payload (mapped by
 * {@link KekbitHeaderMapper}), the other sends an envelope with no headers. A raw writer gets the payload alone, and
 * refuses a {@link Message} with headers rather than lose them:
 * <pre>{@code
 * template.send("orders", MessageBuilder.withPayload(order)
 *     .setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
 *     .setHeader("traceparent", traceparent)
 *     .build());
 * template.send(message);                // to kekbit.template.default-writer
 * }</pre>
 * With {@link #setObservation} (set by {@code kekbit.template.observation-enabled=true}) every send is a Micrometer
 * observation, {@link KekbitTemplateObservation}; to an enveloped writer a tracer's propagation headers go into the
 * record's envelope, first. The observation and send-observer setters are thread-safe and apply to later sends.
 */
public final class KekbitTemplate
{
    private static final WriteError[] REASONS = WriteError.values();

    private final Function<String, Writer> writerLookup;
    private final KekbitMessageConverter converter;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> failures = new ConcurrentHashMap<>();
    private final ThreadLocal<Claim> claims = ThreadLocal.withInitial(Claim::new);
    private final ThreadLocal<EnvelopeEncoder> encoders = ThreadLocal.withInitial(EnvelopeEncoder::new);
    private final Predicate<String> envelopeLookup;
    private final String defaultWriter;
    private volatile KekbitProducerListener producerListener;
    private volatile ObservationRegistry observationRegistry;
    private volatile KekbitTemplateObservationConvention observationConvention;
    private volatile SendObserver sendObserver;

    /**
     * Creates a template whose writers are all raw and which has no default writer.
     *
     * @param writerLookup finds a writer by name; returns null or throws for an unknown name.
     * @param converter    converts objects that are not bytes, text or buffers; may be null (then such sends fail).
     */
    public KekbitTemplate(final Function<String, Writer> writerLookup, final KekbitMessageConverter converter)
    {
        this(writerLookup, converter, name -> false, null);
    }

    /**
     * Creates a template.
     *
     * @param writerLookup   finds a writer by name; returns null or throws for an unknown name.
     * @param converter      converts objects that are not bytes, text or buffers; may be null (then such sends
     *                       fail).
     * @param envelopeLookup tells whether the writer of a name uses the kekbit envelope.
     * @param defaultWriter  writer of {@link #send(Message)} and {@link #sendDefault(Object)}; may be null.
     */
    public KekbitTemplate(
        final Function<String, Writer> writerLookup,
        final KekbitMessageConverter converter,
        final Predicate<String> envelopeLookup,
        final String defaultWriter)
    {
        this.writerLookup = Objects.requireNonNull(writerLookup, "writerLookup");
        this.converter = converter;
        this.envelopeLookup = Objects.requireNonNull(envelopeLookup, "envelopeLookup");
        this.defaultWriter = defaultWriter == null || defaultWriter.isBlank() ? null : defaultWriter.trim();
    }

    /**
     * Sends bytes.
     *
     * @param writerName name of the writer (a key of {@code kekbit.writers}, or a Writer bean name).
     * @param payload    the record payload.
     * @return the data position of the record.
     * @throws KekbitSendException      when the channel refused the record (full, record too large, closed).
     * @throws IllegalArgumentException when no writer has that name.
     */
    public long send(final String writerName, final byte[] payload)
    {
        return sendBuffer(writerName, ByteBuffer.wrap(payload), payload);
    }

    /**
     * Sends part of an array.
     *
     * @param writerName name of the writer.
     * @param payload    array holding the payload.
     * @param offset     index of the first byte.
     * @param length     payload length.
     * @return the data position of the record.
     * @throws KekbitSendException      when the channel refused the record.
     * @throws IllegalArgumentException when no writer has that name.
     */
    public long send(final String writerName, final byte[] payload, final int offset, final int length)
    {
        return sendBuffer(writerName, ByteBuffer.wrap(payload, offset, length), payload);
    }

    /**
     * Sends text as UTF-8.
     *
     * @param writerName name of the writer.
     * @param payload    the text.
     * @return the data position of the record.
     * @throws KekbitSendException      when the channel refused the record.
     * @throws IllegalArgumentException when no writer has that name.
     */
    public long send(final String writerName, final String payload)
    {
        return sendBuffer(writerName, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)), payload);
    }

    /**
     * Sends the remaining bytes of a buffer; its position is not changed.
     *
     * @param writerName name of the writer.
     * @param payload    buffer holding the payload between its position and limit.
     * @return the data position of the record.
     * @throws KekbitSendException      when the channel refused the record.
     * @throws IllegalArgumentException when no writer has that name.
     */
    public long send(final String writerName, final ByteBuffer payload)
    {
        return sendBuffer(writerName, payload, payload);
    }

    /**
     * Writes a body, raw or enveloped, and tells the producer listener.
     *
     * @param original what the caller gave, for the producer listener and the exception.
     */
    private long sendBuffer(final String writerName, final ByteBuffer payload, final Object original)
    {
        final Writer writer = writer(writerName);
        final long position;
        try
        {
            position = send(writerName, writer, null, payload, original);
        }
        catch (final KekbitSendException ex)
        {
            throw failed(writerName, original, ex);
        }
        sent(writerName, original, position);
        return position;
    }

    private long sendRaw(final String writerName, final Writer writer, final ByteBuffer payload, final Object original)
    {
        final int length = payload.remaining();
        if (length <= 0)
        {
            return check(writerName, writer, writer.write(payload), length, original);
        }
        final Claim claim = claims.get();
        final long position = writer.tryClaim(length, claim);
        if (position < 0)
        {
            return check(writerName, writer, position, length, original);
        }
        try
        {
            claim.buffer().putBytes(0, payload, payload.position(), length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: a fault on the mapped page (the file was truncated); the claim is released either way.
            claim.abort();
            throw ex;
        }
        final long committed = claim.commit();
        return committed < 0 ? check(writerName, writer, committed, length, original) : position;
    }

    /**
     * Sends an object: {@code byte[]}, {@link String} and {@link ByteBuffer} as with the typed methods, anything
     * else converted by the message converter (JSON with the application's mapper by default).
     *
     * @param writerName name of the writer.
     * @param payload    the object, not null.
     * @return the data position of the record.
     * @throws KekbitSendException       when the channel refused the record.
     * @throws KekbitConversionException when the object cannot be converted or no converter is configured.
     * @throws IllegalArgumentException  when no writer has that name.
     */
    public long send(final String writerName, final Object payload)
    {
        Objects.requireNonNull(payload, "payload");
        if (payload instanceof byte[])
        {
            return send(writerName, (byte[])payload);
        }
        if (payload instanceof String)
        {
            return send(writerName, (String)payload);
        }
        if (payload instanceof ByteBuffer)
        {
            return send(writerName, (ByteBuffer)payload);
        }
        if (payload instanceof Message)
        {
            return send(writerName, (Message<?>)payload);
        }
        final byte[] bytes;
        try
        {
            bytes = convert(writerName, payload);
        }
        catch (final KekbitConversionException ex)
        {
            throw failed(writerName, payload, ex);
        }
        return sendBuffer(writerName, ByteBuffer.wrap(bytes), payload);
    }

    /**
     * Sends an object as {@link #send(String, Object)} does, with the outcome as a future like Spring Kafka's
     * {@code KafkaTemplate.send}. Kekbit writes are synchronous and never wait, so the future is complete when this
     * method returns: with the record's position, or exceptionally with the {@link KekbitSendException} (full,
     * record too large, writer closed), {@link KekbitConversionException} or {@link IllegalArgumentException}
     * (unknown writer) that {@link #send(String, Object)} throws. The producer listener is told as for any send.
     *
     * @param writerName name of the writer.
     * @param payload    the object (or a {@link Message}), not null.
     * @return the completed future.
     */
    public CompletableFuture<KekbitSendResult> sendAsync(final String writerName, final Object payload)
    {
        try
        {
            return CompletableFuture.completedFuture(new KekbitSendResult(writerName, send(writerName, payload),
                payload));
        }
        catch (final RuntimeException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Sends a message to the default writer ({@code kekbit.template.default-writer}) as
     * {@link #sendAsync(String, Object)} does.
     *
     * @param message the message.
     * @return the completed future; failed with {@link IllegalStateException} when no default writer is configured.
     */
    public CompletableFuture<KekbitSendResult> sendAsync(final Message<?> message)
    {
        try
        {
            return sendAsync(defaultWriterName(), message);
        }
        catch (final IllegalStateException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Sets the listener told about each send, as {@code KafkaTemplate.setProducerListener} does.
     *
     * @param producerListener the listener, or null for none.
     */
    public void setProducerListener(final KekbitProducerListener producerListener)
    {
        this.producerListener = producerListener;
    }

    private void sent(final String writerName, final Object payload, final long position)
    {
        final KekbitProducerListener listener = producerListener;
        if (listener != null)
        {
            listener.onSuccess(writerName, payload, position);
        }
    }

    private RuntimeException failed(final String writerName, final Object payload, final RuntimeException exception)
    {
        final KekbitProducerListener listener = producerListener;
        if (listener != null)
        {
            listener.onError(writerName, payload, exception);
        }
        return exception;
    }

    /**
     * Sends an object to the default writer ({@code kekbit.template.default-writer}), as
     * {@link #send(String, Object)} does.
     *
     * @param payload the object, not null.
     * @return the data position of the record.
     * @throws IllegalStateException     when no default writer is configured.
     * @throws KekbitSendException       when the channel refused the record.
     * @throws KekbitConversionException when the object cannot be converted.
     */
    public long sendDefault(final Object payload)
    {
        return send(defaultWriterName(), payload);
    }

    /**
     * Sends a message to the default writer ({@code kekbit.template.default-writer}), as
     * {@link #send(String, Message)} does.
     *
     * @param message the message.
     * @return the data position of the record.
     * @throws IllegalStateException     when no default writer is configured.
     * @throws KekbitSendException       when the channel refused the record.
     * @throws KekbitConversionException when the payload or a header cannot be converted, or the writer is raw and
     *                                   the message has headers.
     */
    public long send(final Message<?> message)
    {
        return send(defaultWriterName(), message);
    }

    /**
     * Sends a message: its payload as with {@link #send(String, Object)} and, to an enveloped writer, its headers
     * in the envelope ({@link KekbitHeaderMapper} says which values are supported; {@code id}, {@code timestamp}
     * and the receive-side {@code kekbit_*} headers are not written). To a raw writer only a message without other
     * headers can be sent.
     *
     * @param writerName name of the writer.
     * @param message    the message.
     * @return the data position of the record.
     * @throws KekbitSendException       when the channel refused the record.
     * @throws KekbitConversionException when the payload or a header cannot be converted, or the writer is raw and
     *                                   the message has headers.
     * @throws IllegalArgumentException  when no writer has that name.
     */
    public long send(final String writerName, final Message<?> message)
    {
        Objects.requireNonNull(message, "message");
        final Writer writer = writer(writerName);
        final long position;
        try
        {
            position = sendMessage(writerName, writer, message);
        }
        catch (final KekbitSendException | KekbitConversionException ex)
        {
            throw failed(writerName, message, ex);
        }
        sent(writerName, message, position);
        return position;
    }

    private long sendMessage(final String writerName, final Writer writer, final Message<?> message)
    {
        final ByteBuffer body = body(writerName, message.getPayload());
        if (!envelopeLookup.test(writerName))
        {
            if (KekbitHeaderMapper.mappedCount(message.getHeaders()) > 0)
            {
                final List<String> names = message.getHeaders().keySet().stream()
                    .filter(name -> !KekbitHeaderMapper.isSkipped(name)).sorted().toList();
                throw new KekbitConversionException("writer '" + writerName + "' writes raw records: the message " +
                    "headers " + names + " would be lost; set kekbit.writers." + writerName + ".envelope=true (and " +
                    "envelope=true on its readers) or send the payload alone", null);
            }
        }
        return send(writerName, writer, message, body, message);
    }

    /**
     * Observes a send with Micrometer Observation ({@link KekbitTemplateObservation}): every send made after this
     * call, from any thread, is an observation, and on an enveloped writer a propagating handler's headers (a trace
     * context) travel with the record. Set by {@code kekbit.template.observation-enabled=true}.
     *
     * @param registry   the registry, or null to stop observing.
     * @param convention the convention, or null for {@link DefaultKekbitTemplateObservationConvention}.
     */
    public void setObservation(final ObservationRegistry registry, final KekbitTemplateObservationConvention convention)
    {
        this.observationConvention = convention;
        this.observationRegistry = registry;
    }

    /**
     * Sets a callback told the time and outcome of every send to a known writer (for the send timer), on the sending
     * thread. Must be thread-safe and must not throw.
     *
     * @param observer the callback, or null for none.
     */
    public void setSendObserver(final SendObserver observer)
    {
        this.sendObserver = observer;
    }

    /** Told the time and outcome of each send; see {@link #setSendObserver}. */
    @FunctionalInterface
    public interface SendObserver
    {
        /**
         * Called after a send to a known writer returned or threw.
         *
         * @param writerName name of the writer.
         * @param nanos      time the send took, in nanoseconds.
         * @param failure    what the send threw, or null when it succeeded.
         */
        void sent(String writerName, long nanos, Throwable failure);
    }

    /**
     * Writes one record, timed for the {@link SendObserver} and observed when an observation registry is set; the
     * plain path adds only two volatile reads.
     */
    private long send(
        final String writerName,
        final Writer writer,
        final Message<?> message,
        final ByteBuffer body,
        final Object original)
    {
        final SendObserver observer = sendObserver;
        final long start = observer == null ? 0 : System.nanoTime();
        final EnvelopeEncoder encoder = envelopeLookup.test(writerName) ? encoders.get().clear() : null;
        try
        {
            final ObservationRegistry registry = observationRegistry;
            final long position = registry == null ? write(writerName, writer, message, encoder, body, original) :
                observed(registry, writerName, writer, message, encoder, body, original);
            if (observer != null)
            {
                observer.sent(writerName, System.nanoTime() - start, null);
            }
            return position;
        }
        catch (final RuntimeException ex)
        {
            if (observer != null)
            {
                observer.sent(writerName, System.nanoTime() - start, ex);
            }
            throw ex;
        }
        finally
        {
            if (encoder != null)
            {
                encoder.clear();
            }
        }
    }

    /**
     * The observed send: the observation starts before the message headers are encoded, so that propagated headers
     * come first in the envelope and win over a stale copy in the message (the first header of a name wins).
     */
    private long observed(
        final ObservationRegistry registry,
        final String writerName,
        final Writer writer,
        final Message<?> message,
        final EnvelopeEncoder encoder,
        final ByteBuffer body,
        final Object original)
    {
        final boolean journal = writer instanceof RollingWriter;
        final KekbitRecordSenderContext context = new KekbitRecordSenderContext(encoder, writerName,
            journal ? ((RollingWriter)writer).journalId() : writer.header().channelId(), journal, body.remaining());
        final Observation observation = KekbitTemplateObservation.TEMPLATE_OBSERVATION.observation(
            observationConvention, DefaultKekbitTemplateObservationConvention.INSTANCE, () -> context, registry);
        observation.start();
        try (Observation.Scope scope = observation.openScope())
        {
            final long position = write(writerName, writer, message, encoder, body, original);
            context.setPosition(position);
            return position;
        }
        catch (final RuntimeException ex)
        {
            observation.error(ex);
            throw ex;
        }
        finally
        {
            observation.stop();
        }
    }

    /**
     * Writes a record; a channel file that failed under the writer (another process truncated it) becomes a
     * {@link KekbitSendException} naming the file. The JDK raises a fault on a truncated mapping as an
     * {@link InternalError}: in a claim's buffer, or after a write returned, it reaches this code rather than the
     * writer, which is then asked (core's {@link MappingFaults}) whether its file shrank.
     */
    private long write(
        final String writerName,
        final Writer writer,
        final Message<?> message,
        final EnvelopeEncoder encoder,
        final ByteBuffer body,
        final Object original)
    {
        try
        {
            return encodeAndWrite(writerName, writer, message, encoder, body, original);
        }
        catch (final ChannelException ex)
        {
            throw storageFailed(writerName, ex, original);
        }
        catch (final InternalError fault)
        {
            throw storageFailed(writerName, mappingFault(writer, fault), original);
        }
    }

    /**
     * The writer's account of a fault on its mapping.
     *
     * @return the exception naming the shrunk file.
     * @throws InternalError the fault, when the writer cannot tell or the file did not shrink.
     */
    private static ChannelException mappingFault(final Writer writer, final InternalError fault)
    {
        if (writer instanceof MappingFaults)
        {
            try
            {
                ((MappingFaults)writer).onMappingFault(fault);
            }
            catch (final ChannelException ex)
            {
                return ex;
            }
        }
        throw fault;
    }

    private static KekbitSendException storageFailed(
        final String writerName, final ChannelException ex, final Object original)
    {
        return new KekbitSendException(null, writerName, "writer '" + writerName + "' could not write: " +
            ex.getMessage(), original, ex);
    }

    private long encodeAndWrite(
        final String writerName,
        final Writer writer,
        final Message<?> message,
        final EnvelopeEncoder encoder,
        final ByteBuffer body,
        final Object original)
    {
        if (encoder == null)
        {
            return sendRaw(writerName, writer, body, original);
        }
        if (message != null)
        {
            KekbitHeaderMapper.toEnvelope(message.getHeaders(), encoder, writerName);
        }
        return sendEnvelope(writerName, writer, encoder, body, original);
    }

    /**
     * Whether a writer gets its records in the kekbit envelope.
     *
     * @param writerName name of the writer.
     * @return true when enveloped.
     */
    public boolean isEnvelope(final String writerName)
    {
        return envelopeLookup.test(writerName);
    }

    private long sendEnvelope(
        final String writerName,
        final Writer writer,
        final EnvelopeEncoder encoder,
        final ByteBuffer body,
        final Object original)
    {
        final long position = encoder.write(writer, claims.get(), body);
        return position < 0 ?
            check(writerName, writer, position, encoder.encodedLength(body.remaining()), original) : position;
    }

    private ByteBuffer body(final String writerName, final Object payload)
    {
        Objects.requireNonNull(payload, "payload");
        if (payload instanceof byte[])
        {
            return ByteBuffer.wrap((byte[])payload);
        }
        if (payload instanceof String)
        {
            return ByteBuffer.wrap(((String)payload).getBytes(StandardCharsets.UTF_8));
        }
        if (payload instanceof ByteBuffer)
        {
            return (ByteBuffer)payload;
        }
        return ByteBuffer.wrap(convert(writerName, payload));
    }

    private byte[] convert(final String writerName, final Object payload)
    {
        if (converter == null)
        {
            throw new KekbitConversionException("no KekbitMessageConverter (add Jackson 3 to the class path) to send " +
                payload.getClass().getName() + " to writer '" + writerName + "'", null);
        }
        return converter.toBytes(payload);
    }

    private String defaultWriterName()
    {
        if (defaultWriter == null)
        {
            throw new IllegalStateException("no default writer: set kekbit.template.default-writer, or name the " +
                "writer in the send");
        }
        return defaultWriter;
    }

    /**
     * Number of sends refused by a writer for a reason, since the template was created.
     *
     * @param writerName name of the writer.
     * @param reason     the refusal reason.
     * @return the count.
     */
    public long failureCount(final String writerName, final WriteError reason)
    {
        final LongAdder[] counts = failures.get(writerName);
        return counts == null ? 0 : counts[reason.ordinal()].sum();
    }

    /**
     * Finds a writer by name (cached after the first lookup).
     *
     * @param writerName name of the writer.
     * @return the writer.
     * @throws IllegalArgumentException when no writer has that name.
     */
    public Writer writer(final String writerName)
    {
        Writer writer = writers.get(writerName);
        if (writer == null)
        {
            writer = writerLookup.apply(writerName);
            if (writer == null)
            {
                throw new IllegalArgumentException("no kekbit writer named '" + writerName +
                    "' (configure kekbit.writers." + writerName + ".channel-id or define a Writer bean)");
            }
            writers.put(writerName, writer);
        }
        return writer;
    }

    private long check(
        final String writerName, final Writer writer, final long result, final int length, final Object original)
    {
        if (result >= 0)
        {
            return result;
        }
        final WriteError error = WriteError.fromCode(result);
        if (error != null)
        {
            failures.computeIfAbsent(writerName, k -> newCounters())[error.ordinal()].increment();
        }
        final Header header = writer.header();
        throw new KekbitSendException(error, writerName, "writer '" + writerName + "' refused a record of " + length +
            " bytes: " + WriteError.errorString(result) + " (channel 0x" + Long.toHexString(header.channelId()) +
            ", capacity " + header.capacity() + " bytes, " + writer.available() + " bytes left, largest payload " +
            header.maxMessageLength() + " bytes)", original);
    }

    private static LongAdder[] newCounters()
    {
        final LongAdder[] counts = new LongAdder[REASONS.length];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = new LongAdder();
        }
        return counts;
    }
}
