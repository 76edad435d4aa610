package io.kekbit.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekbitTemplateTests
{
    @TempDir
    Path root;

    @Test
    void shouldSendFromManyThreadsWithoutLosingOrMixingRecords() throws Exception
    {
        final int threads = 4;
        final int perThread = 2_000;
        try (Writer writer = Kekbit.synchronizedWriter(
            Kekbit.shmWriter(root, Header.of(0, 1, 1 << 20, 64, 60_000, TickUnit.MILLIS))))
        {
            final KekbitTemplate template = new KekbitTemplate(name -> "w".equals(name) ? writer : null, null);
            final ExecutorService pool = Executors.newFixedThreadPool(threads);
            try
            {
                final List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int thread = t;
                    futures.add(pool.submit(() ->
                    {
                        for (int i = 0; i < perThread; i++)
                        {
                            if (i % 2 == 0)
                            {
                                template.send("w", thread + ":" + i);
                            }
                            else
                            {
                                template.send("w", ByteBuffer.wrap((thread + ":" + i).getBytes(StandardCharsets.UTF_8)));
                            }
                        }
                    }));
                }
                for (final Future<?> future : futures)
                {
                    future.get();
                }
            }
            finally
            {
                pool.shutdown();
            }
            final Set<String> seen = new HashSet<>();
            final int[] next = new int[threads];
            try (Reader reader = Kekbit.shmReader(root, 1))
            {
                long read;
                do
                {
                    read = reader.read((buffer, offset, length, position) ->
                    {
                        final byte[] bytes = new byte[length];
                        buffer.get(offset, bytes);
                        final String text = new String(bytes, StandardCharsets.UTF_8);
                        final String[] parts = text.split(":");
                        final int thread = Integer.parseInt(parts[0]);
                        assertThat(Integer.parseInt(parts[1])).as("order within thread %d", thread)
                            .isEqualTo(next[thread]++);
                        seen.add(text);
                    }, 1000);
                }
                while (read > 0);
            }
            assertThat(seen).hasSize(threads * perThread);
            assertThat(writer.recordCount()).isEqualTo(threads * perThread);
        }
    }

    @Test
    void shouldReportClosedWriterAndMissingConverter()
    {
        final Writer writer = Kekbit.shmWriter(root, Header.of(0, 2, 1 << 14, 64, 60_000, TickUnit.MILLIS));
        final KekbitTemplate template = new KekbitTemplate(name -> writer, null);
        assertThatThrownBy(() -> template.send("w", (Object)List.of(1)))
            .isInstanceOf(KekbitConversionException.class).hasMessageContaining("no KekbitMessageConverter");
        assertThatThrownBy(() -> template.send("w", new byte[0]))
            .isInstanceOf(KekbitSendException.class).hasMessageContaining("NO_SPACE_FOR_RECORD");
        writer.close();
        assertThatThrownBy(() -> template.send("w", "late"))
            .isInstanceOf(KekbitSendException.class).hasMessageContaining("CLOSED");
    }
}
