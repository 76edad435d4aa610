package io.kekbit.core.shm;

import io.kekbit.core.internal.PrivateFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM that stands for a creator in the middle of creating a channel: it acquires the creator lock
 * ({@code args[0]}, the real {@link CreatorLock}), prints {@code HELD}, and holds it until its stdin ends (then it
 * releases the lock and prints {@code RELEASED}) or it is killed.
 */
public final class CreatorLockChild
{
    private CreatorLockChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        try (CreatorLock lock = CreatorLock.acquire(Path.of(args[0]), PrivateFiles.OWNER_ONLY))
        {
            System.out.println(lock == null ? "EXISTS" : "HELD");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // hold the lock until stdin ends
            }
        }
        System.out.println("RELEASED");
        System.out.flush();
    }
}
