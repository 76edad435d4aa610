package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs {@link StreamApps.App} in a child JVM for the cross-process tests: the first argument is the binder root, the
 * others are properties. It runs until it is killed.
 */
public final class StreamAppMain
{
    private StreamAppMain()
    {
    }

    /**
     * Starts the application.
     *
     * @param args the root, then {@code key=value} properties.
     * @throws InterruptedException when interrupted while running.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        StreamApps.start(Path.of(args[0]), Arrays.copyOfRange(args, 1, args.length));
        System.out.println("STREAM-APP-STARTED");
        Thread.currentThread().join();
    }
}
