package io.kekbit.spring.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;

/**
 * Sends records to named writers, like Spring Kafka's {@code KafkaTemplate}. Safe to call from many threads: the
 * writers it finds are expected to be thread-safe (the auto-configured writer beans are wrapped with
 * {@link io.kekbit.core.Kekbit#synchronizedWriter}).
 * <pre>{@code
 * long position = template.send("orders", new Order("A-1", 3));   // JSON with the application's mapper
 * template.send("audit", "plain text");                            // UTF-8
 * }</pre>
 * Every send returns the data position of the new record in its channel. A refused write throws
 * {@link KekbitSendException} naming the channel, its capacity and the record size.
 */
public final class KekbitTemplate
{
    private static final WriteError[] REASONS = WriteError.values();

    private final Function<String, Writer> writerLookup;
    private final KekbitMessageConverter converter;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> failures = new ConcurrentHashMap<>();
    private final ThreadLocal<Claim> claims = ThreadLocal.withInitial(Claim::new);

    /**
     * Creates a template.
     *
     * @param writerLookup finds a writer by name; returns null or throws for an unknown name.
     * @param converter    converts objects that are not bytes, text or buffers; may be null (then such sends fail).
     */
    public KekbitTemplate(final Function<String, Writer> writerLookup, final KekbitMessageConverter converter)
    {
        this.writerLookup = Objects.requireNonNull(writerLookup, "writerLookup");
        this.converter = converter;
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
        return send(writerName, payload, 0, payload.length);
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
        return send(writerName, ByteBuffer.wrap(payload, offset, length));
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
        return send(writerName, payload.getBytes(StandardCharsets.UTF_8));
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
        final Writer writer = writer(writerName);
        final int length = payload.remaining();
        if (length <= 0)
        {
            return check(writerName, writer, writer.write(payload), length);
        }
        final Claim claim = claims.get();
        final long position = writer.tryClaim(length, claim);
        if (position < 0)
        {
            return check(writerName, writer, position, length);
        }
        try
        {
            claim.buffer().putBytes(0, payload, payload.position(), length);
        }
        catch (final RuntimeException ex)
        {
            claim.abort();
            throw ex;
        }
        final long committed = claim.commit();
        return committed < 0 ? check(writerName, writer, committed, length) : position;
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
        if (converter == null)
        {
            throw new KekbitConversionException("no KekbitMessageConverter (add Jackson 3 to the class path) to send " +
                payload.getClass().getName() + " to writer '" + writerName + "'", null);
        }
        return send(writerName, converter.toBytes(payload));
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

    private long check(final String writerName, final Writer writer, final long result, final int length)
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
            header.maxMessageLength() + " bytes)");
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
