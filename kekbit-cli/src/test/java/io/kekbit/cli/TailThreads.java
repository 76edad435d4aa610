package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@code kekbit tail} commands on their own threads for a test, and after each test interrupts them and checks
 * that they stopped. Register with {@code @RegisterExtension}. Not thread-safe: start tails from the test thread.
 */
final class TailThreads implements AfterEachCallback
{
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts a command (normally {@code tail ...}) on a new thread.
     *
     * @param args the command line.
     * @return the CLI whose output the command writes.
     */
    Cli start(final String... args)
    {
        return start(Cli.prepared(), args);
    }

    /**
     * Starts a command on a new thread, writing into a CLI the test prepared (for example with its output held).
     *
     * @param cli  from {@link Cli#prepared()}.
     * @param args the command line.
     * @return {@code cli}.
     */
    Cli start(final Cli cli, final String... args)
    {
        final Thread thread = new Thread(() -> cli.execute(args), "tail-under-test");
        threads.add(thread);
        thread.start();
        return cli;
    }

    /**
     * The thread of the {@code index}th command started in this test.
     *
     * @param index 0 for the first.
     * @return the thread.
     */
    Thread thread(final int index)
    {
        return threads.get(index);
    }

    @Override
    public void afterEach(final ExtensionContext context) throws InterruptedException
    {
        for (final Thread thread : threads)
        {
            thread.interrupt();
            thread.join(STOP_WAIT.toMillis());
            assertThat(thread.isAlive()).as("tail thread still running").isFalse();
        }
        threads.clear();
    }
}
