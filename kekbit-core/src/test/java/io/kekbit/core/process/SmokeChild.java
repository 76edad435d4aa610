package io.kekbit.core.process;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemories;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM: creates a channel under the root given as argument, writes three records, reads them back, closes, and
 * prints {@code IMPL <implementation> <java feature version>} then {@code OK}. Exits 1 on any mismatch.
 */
public final class SmokeChild
{
    private SmokeChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path root = Path.of(args[0]);
        final String[] words = {"alpha", "beta", "gamma"};
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 99, 1 << 16, 256, 10_000, TickUnit.MILLIS)))
        {
            for (final String word : words)
            {
                if (writer.write(word.getBytes(StandardCharsets.UTF_8)) < 0)
                {
                    throw new IllegalStateException("write failed: " + word);
                }
            }
        }
        final StringBuilder got = new StringBuilder();
        try (Reader reader = Kekbit.shmReader(root, 99))
        {
            long result;
            int rounds = 0;
            while ((result = reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.duplicate().position(offset).get(bytes);
                got.append(new String(bytes, StandardCharsets.UTF_8)).append(' ');
            }, 16)) >= 0 && rounds++ < 100)
            {
                // read until CLOSED
            }
            if (reader.exhausted() != ReadError.CLOSED || !"alpha beta gamma ".contentEquals(got))
            {
                System.out.println("MISMATCH " + got + " " + reader.exhausted() + " " + result);
                System.exit(1);
            }
        }
        System.out.println("IMPL " + MappedMemories.IMPLEMENTATION + " " + Runtime.version().feature());
        System.out.println("OK");
    }
}
