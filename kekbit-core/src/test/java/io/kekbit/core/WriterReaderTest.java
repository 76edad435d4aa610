package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // the writer is closed inside the try to test what readers see
class WriterReaderTest
{
    @TempDir
    Path root;

    @Test
    void shouldWriteAndReadRecordsInOrder()
    {
        final Header header = Header.of(7, 42, 64 * 1024, 1000, Duration.ofSeconds(30), TickUnit.MILLIS);
        final List<String> seen = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();
        try (Writer writer = Kekbit.shmWriter(root, header); Reader reader = Kekbit.shmReader(root, 42))
        {
            assertThat(writer.write("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(16);
            assertThat(writer.write("world!!!!".getBytes(StandardCharsets.UTF_8))).isEqualTo(24);
            final long bytes = reader.read((buffer, offset, length, position) ->
            {
                final byte[] b = new byte[length];
                buffer.get(offset, b);
                seen.add(new String(b, StandardCharsets.UTF_8));
                positions.add(position);
            }, 10);
            assertThat(bytes).isEqualTo(8 + 16 + 24);
            assertThat(seen).containsExactly("hello", "world!!!!");
            assertThat(positions).containsExactly(8L, 24L);
            writer.close();
            assertThat(reader.read((b, o, l, p) -> { }, 10)).isEqualTo(Reader.CLOSED);
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
            assertThat(reader.position()).isEqualTo(48);
            assertThat(reader.moveTo(8)).isEqualTo(8);
            assertThat(reader.moveTo(16)).isEqualTo(InvalidPosition.UNALIGNED.code());
            assertThat(reader.moveTo(56)).isEqualTo(InvalidPosition.UNAVAILABLE.code());
        }
    }
}
