package io.kekbit.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Child JVM used by the cross-process tests, and helpers to start it. Records carry a sequence number so readers can
 * check order, gaps and duplicates: payload = {@code seq (8 bytes LE)}, {@code mix(seq) (8 bytes LE)}, then
 * {@code seq % 41} filler bytes of value {@code (byte)seq}.
 * <p>
 * Modes:
 * <ul>
 *   <li>{@code read <root> <journalId> <count>}: reads {@code count} records from the oldest segment, checking the
 *       sequence, and prints {@code OK <count> <crc>}, or {@code FAIL <reason>}.</li>
 *   <li>{@code write <root> <journalId> <capacity> <killAfterRolls>}: opens the writer (recovering the journal),
 *       finds the next sequence number by reading the journal, prints {@code READY <next>}, then writes forever; with
 *       {@code killAfterRolls > 0} it SIGKILLs itself right after that many rolls.</li>
 * </ul>
 */
public final class JournalTestProcess
{
    static final int MAX_FILLER = 41;

    private JournalTestProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(args[1]);
        final int journalId = Integer.parseInt(args[2]);
        if ("read".equals(args[0]))
        {
            read(root, journalId, Long.parseLong(args[3]));
        }
        else if ("write".equals(args[0]))
        {
            write(root, journalId, Long.parseLong(args[3]), Integer.parseInt(args[4]));
        }
        else
        {
            throw new IllegalArgumentException("unknown mode: " + args[0]);
        }
    }

    static JournalConfig config(final int journalId, final long capacity)
    {
        return JournalConfig.builder(journalId).segmentCapacity(capacity).maxMessageLength(256)
            .timeout(Duration.ofHours(1)).build();
    }

    static int payloadLength(final long seq)
    {
        return 16 + (int)(seq % MAX_FILLER);
    }

    static int encode(final long seq, final byte[] buffer)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(0, seq).putLong(8, mix(seq));
        final int length = payloadLength(seq);
        for (int i = 16; i < length; i++)
        {
            buffer[i] = (byte)seq;
        }
        return length;
    }

    static long mix(final long seq)
    {
        long z = seq * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58_476D_1CE4_E5B9L;
        return z ^ (z >>> 29);
    }

    /**
     * Checks one record against the sequence and feeds the checksum.
     *
     * @return null when the record is the expected one, else a description.
     */
    static String check(final ByteBuffer buffer, final int offset, final int length, final long expected)
    {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long seq = b.getLong(offset);
        if (seq != expected)
        {
            return "expected seq " + expected + ", got " + seq;
        }
        if (b.getLong(offset + 8) != mix(seq) || length != payloadLength(seq))
        {
            return "bad payload for seq " + seq;
        }
        for (int i = 16; i < length; i++)
        {
            if (b.get(offset + i) != (byte)seq)
            {
                return "bad filler for seq " + seq;
            }
        }
        return null;
    }

    private static void read(final Path root, final int journalId, final long count)
    {
        final CRC32C crc = new CRC32C();
        final long[] next = {0};
        final String[] failure = {null};
        try (JournalReader reader = Journal.reader(root, journalId))
        {
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (next[0] < count && failure[0] == null && System.nanoTime() < deadline)
            {
                final long result = reader.read((buffer, offset, length, position) ->
                {
                    if (failure[0] == null)
                    {
                        failure[0] = check(buffer, offset, length, next[0]);
                        final ByteBuffer payload = buffer.duplicate();
                        payload.limit(offset + length).position(offset);
                        crc.update(payload);
                        next[0]++;
                    }
                }, 256);
                if (result < 0)
                {
                    failure[0] = "reader exhausted: " + reader + " segments " +
                        java.util.Arrays.toString(Journal.segments(root, journalId)) + " locked " +
                        java.util.Arrays.toString(Segments.locked(Journal.folder(root, journalId)));
                }
                else if (result == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
        System.out.println(failure[0] != null ? "FAIL " + failure[0] :
            next[0] < count ? "FAIL timeout after " + next[0] : "OK " + next[0] + " " + crc.getValue());
    }

    private static void write(final Path root, final int journalId, final long capacity, final int killAfterRolls)
        throws IOException
    {
        try (JournalWriter writer = Journal.writer(root, config(journalId, capacity)))
        {
            long seq = 0;
            try (JournalReader reader = Journal.reader(root, journalId))
            {
                final long[] last = {-1};
                while (reader.read((buffer, offset, length, position) ->
                    last[0] = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(offset), 1024) > 0)
                {
                    // Scan to the end of the committed records.
                }
                seq = last[0] + 1;
            }
            System.out.println("READY " + seq);
            System.out.flush();
            final byte[] buffer = new byte[16 + MAX_FILLER];
            final long startSegment = writer.segment();
            while (true)
            {
                final int length = encode(seq, buffer);
                if (writer.write(buffer, 0, length) < 0)
                {
                    throw new IllegalStateException("write failed at seq " + seq);
                }
                seq++;
                if (killAfterRolls > 0 && writer.segment() - startSegment >= killAfterRolls)
                {
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start();
                    killAfterRolls(writer, seq, buffer);
                }
            }
        }
    }

    /** Keeps the writer busy until the SIGKILL lands, so the kill hits the roll's background work or a write. */
    private static void killAfterRolls(final JournalWriter writer, final long from, final byte[] buffer)
    {
        long seq = from;
        final SplittableRandom random = new SplittableRandom(from);
        final boolean idle = random.nextBoolean();
        while (true)
        {
            if (!idle)
            {
                final int length = encode(seq, buffer);
                if (writer.write(buffer, 0, length) >= 0)
                {
                    seq++;
                }
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /** A started child JVM with its stdout lines. */
    static final class Child implements AutoCloseable
    {
        final Process process;
        final BufferedReader out;

        Child(final Process process)
        {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String readLine() throws IOException
        {
            return out.readLine();
        }

        void kill() throws InterruptedException
        {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws IOException
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                try
                {
                    process.waitFor();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            out.close();
        }
    }

    static Child start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add(JournalTestProcess.class.getName());
        for (final String arg : args)
        {
            command.add(arg);
        }
        return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
}
