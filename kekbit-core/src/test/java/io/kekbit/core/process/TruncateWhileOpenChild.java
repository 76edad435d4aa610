package io.kekbit.core.process;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: creates a channel and writes half of it, opens a reader, has another process ({@code truncate -s N})
 * cut the file under both open mappings, then reads on and writes on. Prints one line per side:
 * {@code READER <result> <exhausted> <failureReason>} and {@code WRITER <result>} or
 * {@code WRITER ERROR <exception>}; an error escaping either side prints {@code THROWN <side> <throwable>}. Ends with
 * {@code ALIVE}: the JVM went on. Arguments: {@code root truncatedLength}.
 */
public final class TruncateWhileOpenChild
{
    private TruncateWhileOpenChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(args[0]);
        final Writer writer = Kekbit.shmWriter(root, Header.of(1, 1, 1 << 20, 1000, 60_000, TickUnit.MILLIS));
        final byte[] payload = new byte[500];
        for (int i = 0; i < 1000; i++)
        {
            writer.write(payload);
        }
        final Reader reader = Kekbit.shmReader(root, 1);
        // Touch every page through the reader first, so that the pages exist in its mapping before the truncation.
        final long[] sum = new long[1];
        reader.read((buffer, offset, length, position) -> sum[0] += buffer.get(offset + length - 1), 500);
        final Process truncate = new ProcessBuilder("truncate", "-s", args[1], Kekbit.storagePath(root, 1).toString())
            .inheritIO().start();
        if (!truncate.waitFor(30, TimeUnit.SECONDS) || truncate.exitValue() != 0)
        {
            throw new IllegalStateException("truncate failed");
        }
        try
        {
            long result;
            int calls = 0;
            while ((result = reader.read((buffer, offset, length, position) ->
                sum[0] += buffer.get(offset + length - 1), 10)) >= 0 && calls++ < 10_000)
            {
                // read on until the reader ends
            }
            System.out.println("READER " + result + " " + reader.exhausted() + " " + reader.failureReason());
        }
        catch (final Throwable ex)
        {
            System.out.println("THROWN reader " + ex);
        }
        try
        {
            long result = 0;
            for (int i = 0; i < 100 && result >= 0; i++)
            {
                result = writer.write(payload);
            }
            System.out.println("WRITER " + result);
        }
        catch (final KekbitException ex)
        {
            System.out.println("WRITER ERROR " + ex.getMessage());
        }
        catch (final Throwable ex)
        {
            System.out.println("THROWN writer " + ex);
        }
        reader.close();
        try
        {
            writer.close();
        }
        catch (final Throwable ex)
        {
            System.out.println("CLOSE " + ex.getClass().getSimpleName());
        }
        System.out.println("ALIVE " + (sum[0] == 0));
    }
}
