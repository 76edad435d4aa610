package io.kekbit.spring.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

/**
 * Child JVM of {@link TruncatedChannelSendTests}: opens two shared writers as the starter does
 * ({@link Kekbit#synchronizedWriter} over a channel writer; channel 1 raw, channel 2 enveloped), sends through a
 * {@link KekbitTemplate}, has another process ({@code truncate -s 0}) truncate both files, and sends again on this
 * thread and on another one. Prints one line per send ({@code SENT}, {@code SEND_FAILED <reason> <via> <message>}
 * or {@code THROWN <exception>}), then {@code ALIVE}. {@code via} tells where the fault became the writer's
 * {@link ChannelException}: {@code mapping-faults} when the template handed the JDK's {@link InternalError} to the
 * writer, {@code writer} when the writer caught it itself. Arguments: root folder.
 */
public final class TruncatedChannelSendChild
{
    private TruncatedChannelSendChild()
    {
    }

    /**
     * Runs the scenario.
     *
     * @param args root folder.
     * @throws Exception when the truncation cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(args[0]);
        final Writer raw = Kekbit.synchronizedWriter(Kekbit.shmWriter(root,
            Header.of(0, 1, 1 << 20, 1024, 60_000, TickUnit.MILLIS)));
        final Writer enveloped = Kekbit.synchronizedWriter(Kekbit.shmWriter(root,
            Header.of(0, 2, 1 << 20, 1024, 60_000, TickUnit.MILLIS)));
        final Map<String, Writer> writers = Map.of("raw", raw, "enveloped", enveloped);
        final KekbitTemplate template = new KekbitTemplate(writers::get, null, "enveloped"::equals, null);
        System.out.println("BEFORE raw " + outcome(template, "raw"));
        System.out.println("BEFORE enveloped " + outcome(template, "enveloped"));
        for (final long channelId : new long[] {1, 2})
        {
            final Process truncate = new ProcessBuilder("truncate", "-s", "0",
                Kekbit.storagePath(root, channelId).toString()).inheritIO().start();
            if (!truncate.waitFor(60, TimeUnit.SECONDS) || truncate.exitValue() != 0)
            {
                throw new IllegalStateException("truncate failed");
            }
        }
        System.out.println("AFTER raw " + outcome(template, "raw"));
        System.out.println("AFTER enveloped " + outcome(template, "enveloped"));
        // The failed claim was released: another thread gets the writer's lock and the same report.
        final AtomicReference<String> other = new AtomicReference<>("BLOCKED");
        final Thread thread = new Thread(() -> other.set(outcome(template, "raw")), "other-sender");
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        System.out.println("OTHER-THREAD raw " + other.get());
        System.out.println("ALIVE");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static String outcome(final KekbitTemplate template, final String writer)
    {
        try
        {
            template.send(writer, "a record of some forty bytes for the page");
            return "SENT";
        }
        catch (final KekbitSendException ex)
        {
            final Throwable cause = ex.getCause();
            String via = "none";
            if (cause instanceof ChannelException)
            {
                via = "writer";
                for (final StackTraceElement frame : cause.getStackTrace())
                {
                    if ("onMappingFault".equals(frame.getMethodName()))
                    {
                        via = "mapping-faults";
                    }
                }
            }
            return "SEND_FAILED " + ex.getReason() + " " + via + " " + ex.getMessage();
        }
        catch (final Throwable ex)
        {
            return "THROWN " + ex;
        }
    }
}
