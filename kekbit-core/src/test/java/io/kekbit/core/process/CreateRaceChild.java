package io.kekbit.core.process;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for the create race: prints {@code READY}, then for every stdin line {@code <root> <channelId>} (the
 * barrier) tries to create that channel at once and prints {@code <channelId> WON} or
 * {@code <channelId> LOST <reason> <message>}. The winner writes one record and closes. Exits at end of input.
 */
public final class CreateRaceChild
{
    private CreateRaceChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null)
        {
            final String[] parts = line.split(" ");
            final Path root = Path.of(parts[0]);
            final long channelId = Long.parseLong(parts[1]);
            String outcome;
            try (Writer writer = Kekbit.shmWriter(root, Header.of(7, channelId, 16384, 100, 1000, TickUnit.MILLIS)))
            {
                writer.write(new byte[] {1, 2, 3});
                outcome = "WON";
            }
            catch (final ChannelException ex)
            {
                outcome = "LOST " + ex.reason() + " " + ex.getMessage().replace('\n', ' ');
            }
            catch (final RuntimeException ex)
            {
                outcome = "ERROR " + ex;
            }
            System.out.println(channelId + " " + outcome);
            System.out.flush();
        }
    }
}
