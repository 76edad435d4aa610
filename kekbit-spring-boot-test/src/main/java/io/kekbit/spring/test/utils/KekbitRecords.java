package io.kekbit.spring.test.utils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.kekbit.core.ControlledRecordHandler.Action;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.spring.autoconfigure.KekbitProperties;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.autoconfigure.KekbitReaderProperties;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Reads the records of one channel or rolling journal in a test, from its first record, with the core's readers:
 * {@link #readAll()} takes what is there now, {@link #await(int, Duration)} and
 * {@link #awaitRecord(Predicate, Duration)} wait for records with a timeout and fail with an {@link AssertionError}
 * that names the channel, its file, what was read and why the wait ended.
 * <pre>{@code
 * KekbitRecords orders = KekbitRecords.of(context, "orders");      // a kekbit.writers or kekbit.readers key
 * List<KekbitRecord> first = orders.await(3, Duration.ofSeconds(10));
 * assertThat(first).extracting(KekbitRecord::asString).containsExactly("a", "b", "c");
 * KekbitRecord o2 = orders.awaitRecord(r -> r.asString().contains("\"o-2\""), Duration.ofSeconds(10));
 * }</pre>
 * Heartbeats are not records and are never returned. Every call opens its own reader and closes it before
 * returning, so the channel's writer and listeners are not affected. Thread-safe (immutable).
 */
public final class KekbitRecords
{
    private static final String JOURNAL_CLASS = "io.kekbit.journal.Journal";
    /** Records per read call: a bound on one call's work, not on what is returned. */
    private static final int BATCH = 256;
    private static final long IDLE_NANOS = 1_000_000L;
    private static final int SHOWN_RECORDS = 5;

    private final RecordSource source;

    private KekbitRecords(final RecordSource source)
    {
        this.source = source;
    }

    /**
     * The channel or journal of a configured writer or reader of an application context: {@code name} is a key of
     * {@code kekbit.writers} or, when no writer has it, of {@code kekbit.readers}, and the root is the context's
     * {@code kekbit.root-path} (the folder {@code @EmbeddedKekbit} made, if present). A roll writer, or a reader
     * with {@code roll: true}, is read as a journal.
     *
     * @param context the application context, with the kekbit auto-configuration.
     * @param name    the writer or reader name.
     * @return the records of that channel or journal.
     * @throws IllegalArgumentException naming the keys that exist when neither map has {@code name}.
     * @throws IllegalStateException    for a journal when kekbit-journal is not on the class path.
     */
    public static KekbitRecords of(final ApplicationContext context, final String name)
    {
        Objects.requireNonNull(name, "name");
        final KekbitProperties properties = context.getBean(KekbitProperties.class);
        final Path root = properties.getRootPath();
        final WriterProperties writer = properties.getWriters().get(name);
        if (writer != null)
        {
            return of(name, root, KekbitProperties.parseChannelId("kekbit.writers." + name + ".channel-id",
                writer.getChannelId()), "kekbit.writers." + name, writer.getRoll().isEnabled());
        }
        final KekbitReaderProperties reader = properties.getReaders().get(name);
        if (reader != null)
        {
            return of(name, root, KekbitProperties.parseChannelId("kekbit.readers." + name + ".channel-id",
                reader.getChannelId()), "kekbit.readers." + name, reader.isRoll());
        }
        throw new IllegalArgumentException("no kekbit.writers." + name + " nor kekbit.readers." + name +
            " in this context: name=" + name + " (writers: " + properties.getWriters().keySet() + ", readers: " +
            properties.getReaders().keySet() + ")");
    }

    /**
     * The records of a channel.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the records of the channel.
     */
    public static KekbitRecords channel(final Path root, final long channelId)
    {
        return new KekbitRecords(new ChannelRecordSource(null, Objects.requireNonNull(root, "root"), channelId));
    }

    /**
     * The records of a rolling journal, across its segments; positions are journal positions.
     *
     * @param root      root folder.
     * @param journalId journal id, 1 to 4294967295 (as {@code kekbit.writers.<name>.channel-id} and
     *                  {@code RollingWriter.journalId()} give it).
     * @return the records of the journal.
     * @throws IllegalArgumentException when the id is out of range.
     * @throws IllegalStateException    when kekbit-journal is not on the class path.
     */
    public static KekbitRecords journal(final Path root, final long journalId)
    {
        return journal(null, Objects.requireNonNull(root, "root"), journalId);
    }

    private static KekbitRecords of(
        final String name, final Path root, final Long channelId, final String prefix, final boolean roll)
    {
        if (channelId == null)
        {
            throw new IllegalArgumentException(prefix + ".channel-id is not set");
        }
        return roll ? journal(name, root, channelId) :
            new KekbitRecords(new ChannelRecordSource(name, root, channelId));
    }

    private static KekbitRecords journal(final String name, final Path root, final long journalId)
    {
        if (journalId < 1 || journalId > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("journal id out of range (allowed: 1 to 4294967295): journalId=" +
                journalId);
        }
        if (!ClassUtils.isPresent(JOURNAL_CLASS, KekbitRecords.class.getClassLoader()))
        {
            throw new IllegalStateException("reading journal " + journalId + (name == null ? "" : " ('" + name +
                "')") + " needs kekbit-journal on the class path (the kekbit starter brings it)");
        }
        return new KekbitRecords(new JournalRecordSource(name, root, (int)journalId));
    }

    /**
     * Every record written so far, from the first one up to the end of the written data (or the end of the
     * channel: CLOSE, full, writer timeout).
     *
     * @return the records, in channel order; empty when the channel has none yet.
     * @throws AssertionError naming the file when the channel or journal does not exist.
     */
    public List<KekbitRecord> readAll()
    {
        final List<KekbitRecord> records = new ArrayList<>();
        try (Reader reader = source.open())
        {
            if (reader == null)
            {
                throw new AssertionError(source.describe() + " does not exist");
            }
            Readers.drain(reader, (buffer, offset, length, position) ->
                records.add(KekbitRecord.copyOf(buffer, offset, length, position)));
        }
        return records;
    }

    /**
     * Waits until the channel holds at least {@code count} records and returns the first {@code count}. The channel
     * may appear during the wait.
     *
     * @param count   records to wait for, at least 1.
     * @param timeout longest wait.
     * @return the first {@code count} records, in channel order.
     * @throws AssertionError           when the timeout expires or the channel ends (CLOSE, full, writer timeout,
     *                                  corrupt) first, naming the channel, the records read and the reason.
     * @throws IllegalArgumentException when {@code count < 1}.
     */
    public List<KekbitRecord> await(final int count, final Duration timeout)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("count must be at least 1: count=" + count);
        }
        final List<KekbitRecord> records = poll(record -> false, count, timeout,
            count == 1 ? "1 record" : count + " records");
        return List.copyOf(records.subList(0, count));
    }

    /**
     * Waits for the first record, from the start of the channel, that satisfies {@code condition}. The channel may
     * appear during the wait.
     *
     * @param condition what the record must satisfy.
     * @param timeout   longest wait.
     * @return the first matching record.
     * @throws AssertionError when the timeout expires or the channel ends first, naming the channel, the records
     *                        read and the reason.
     */
    public KekbitRecord awaitRecord(final Predicate<KekbitRecord> condition, final Duration timeout)
    {
        Objects.requireNonNull(condition, "condition");
        final List<KekbitRecord> records = poll(condition, Integer.MAX_VALUE, timeout, "a matching record");
        return records.get(records.size() - 1);
    }

    /**
     * Reads from the first record until {@code count} records were read or one satisfies {@code stop} (then it is
     * the last of the returned list).
     */
    private List<KekbitRecord> poll(
        final Predicate<KekbitRecord> stop, final int count, final Duration timeout, final String awaited)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = new SleepingIdleStrategy(IDLE_NANOS);
        final List<KekbitRecord> records = new ArrayList<>();
        final boolean[] found = new boolean[1];
        Reader reader = null;
        try
        {
            while (true)
            {
                if (reader == null)
                {
                    reader = source.open();
                }
                if (reader != null)
                {
                    final long result = reader.controlledRead((buffer, offset, length, position) ->
                    {
                        final KekbitRecord record = KekbitRecord.copyOf(buffer, offset, length, position);
                        records.add(record);
                        found[0] = stop.test(record);
                        return found[0] || records.size() >= count ? Action.BREAK : Action.CONTINUE;
                    }, BATCH);
                    if (found[0] || records.size() >= count)
                    {
                        return records;
                    }
                    if (result < 0)
                    {
                        throw new AssertionError(source.describe() + " ended (" +
                            ReadError.errorString(result) + ") before " + awaited + " arrived; " + summary(records));
                    }
                    if (result > 0)
                    {
                        idle.reset();
                        continue;
                    }
                }
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + awaited +
                        " on " + source.describe() + ": " + (reader == null ? "it never appeared" :
                        summary(records) + ", reader at position " + source.position(reader.position())));
                }
                idle.idle();
            }
        }
        finally
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }

    private String summary(final List<KekbitRecord> records)
    {
        final StringBuilder text = new StringBuilder("read ").append(records.size())
            .append(records.size() == 1 ? " record" : " records");
        if (!records.isEmpty())
        {
            final int from = Math.max(0, records.size() - SHOWN_RECORDS);
            text.append(from == 0 ? ": " : ", the last " + SHOWN_RECORDS + ": ");
            for (int i = from; i < records.size(); i++)
            {
                final KekbitRecord record = records.get(i);
                text.append(i == from ? "" : ", ").append(record.describe(source.position(record.position())));
            }
        }
        return text.toString();
    }

    /**
     * Names the channel or journal.
     *
     * @return for example
     *         {@code KekbitRecords of channel 'orders' (id 0x3e9, file /tmp/kekbit-test-1/0000_0000/0000_03e9.kekbit)}.
     */
    @Override
    public String toString()
    {
        return "KekbitRecords of " + source.describe();
    }
}
