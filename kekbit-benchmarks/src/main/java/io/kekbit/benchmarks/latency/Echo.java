package io.kekbit.benchmarks.latency;

import java.nio.file.Path;

/**
 * The echo side of {@code pingpong-ipc}, run in its own JVM by {@link LatencyHarness}. Not thread-safe.
 */
public final class Echo
{
    private Echo()
    {
    }

    /**
     * Echoes until the stop value arrives.
     *
     * @param args transport name, folder, payload bytes, max messages.
     */
    public static void main(final String[] args)
    {
        try (Transport transport = Transport.create(
            args[0], Path.of(args[1]), false, Integer.parseInt(args[2]), Long.parseLong(args[3])))
        {
            LatencyHarness.echo(transport);
        }
    }
}
