package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.layout.StorageDescriptor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DurablePosition}: a reader's position kept beside the channel, resumed loudly or not at all.
 */
@SuppressWarnings("try") // resources kept open on purpose, and closed explicitly to test close
class DurablePositionTest
{
    private static final long CHANNEL = 42;

    @TempDir
    Path root;

    private Writer channelWithRecords()
    {
        final Writer writer = Kekbit.shmWriter(root, Header.of(1, CHANNEL, 16384, 1000, 0, TickUnit.SECS));
        for (final String text : new String[] {"one", "two", "three"})
        {
            writer.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return writer;
    }

    @Test
    void shouldStoreAndReadAPosition()
    {
        try (DurablePosition position = DurablePosition.open(root, CHANNEL, "audit"))
        {
            assertThat(position.path()).isEqualTo(root.resolve("0000_0000").resolve("0000_002a.audit.position"));
            assertThat(position.path()).isEqualTo(StorageDescriptor.positionPath(root, CHANNEL, "audit"));
            assertThat(position.isNew()).isTrue();
            assertThat(position.get()).isZero();
            position.set(40);
            assertThat(position.get()).isEqualTo(40);
            try (DurablePosition other = DurablePosition.open(root, CHANNEL, "audit"))
            {
                assertThat(other.isNew()).isFalse();
                assertThat(other.get()).as("shared mapping, no close needed").isEqualTo(40);
            }
            position.flush();
            assertThat(DurablePosition.peek(position.path())).isEqualTo(40);
        }
    }

    @Test
    void shouldSurviveReopening() throws Exception
    {
        final Path path;
        try (DurablePosition position = DurablePosition.open(root, CHANNEL, "r-1_A"))
        {
            position.set(Long.MAX_VALUE - 7);
            path = position.path();
        }
        assertThat(Files.size(path)).isEqualTo(8);
        try (DurablePosition position = DurablePosition.open(path))
        {
            assertThat(position.isNew()).isFalse();
            assertThat(position.get()).isEqualTo(Long.MAX_VALUE - 7);
        }
    }

    @Test
    void shouldKeepPositionsOfDifferentReadersApart()
    {
        try (DurablePosition a = DurablePosition.open(root, CHANNEL, "a");
            DurablePosition b = DurablePosition.open(root, CHANNEL, "b"))
        {
            a.set(8);
            b.set(24);
            assertThat(a.get()).isEqualTo(8);
            assertThat(b.get()).isEqualTo(24);
        }
    }

    @Test
    void shouldResumeAReader()
    {
        try (Writer writer = channelWithRecords();
            DurablePosition saved = DurablePosition.open(root, CHANNEL, "audit"))
        {
            try (Reader reader = Kekbit.shmReader(root, CHANNEL))
            {
                assertThat(saved.resume(reader)).as("a new position starts at 0").isZero();
                reader.read((b, o, l, p) -> { }, 2);
                saved.set(reader.position());
            }
            assertThat(saved.get()).isEqualTo(24);
            try (Reader reader = Kekbit.shmReader(root, CHANNEL))
            {
                assertThat(saved.resume(reader)).isEqualTo(24);
                assertThat(reader.position()).isEqualTo(24);
                final StringBuilder seen = new StringBuilder();
                reader.read((b, o, l, p) -> seen.append(ReadAll.hex(b, o, l)).append('@').append(p), 1);
                assertThat(seen).hasToString("74776f@24");
            }
        }
    }

    @ParameterizedTest(name = "position {0} is {1}")
    @CsvSource({"12, UNALIGNED", "16, UNALIGNED", "64, UNAVAILABLE", "16384, UNAVAILABLE", "-8, UNAVAILABLE"})
    void shouldFailLoudlyOnAPositionNoLongerValid(final long stored, final InvalidPosition reason)
    {
        try (Writer writer = channelWithRecords();
            DurablePosition saved = DurablePosition.open(root, CHANNEL, "audit");
            Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            reader.read((b, o, l, p) -> { }, 2);
            saved.set(stored);
            assertThatThrownBy(() -> saved.resume(reader))
                .isExactlyInstanceOf(KekbitException.class)
                .hasMessage("cannot resume from durable position file " + saved.path() + ": position " + stored +
                    " is " + reason + " in channel 0x2a (capacity 16384)");
            assertThat(reader.position()).as("never silently restarts from 0").isEqualTo(24);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../x", "..", "a/b", "a.b", "a b", "x\u00e9", "/abs",
        "12345678901234567890123456789012345678901234567890123456789012345"})
    void shouldRejectInvalidReaderNames(final String name)
    {
        assertThatIllegalArgumentException().isThrownBy(() -> DurablePosition.open(root, CHANNEL, name))
            .withMessage("invalid reader name (allowed: 1-64 characters of A-Z a-z 0-9 _ -): name=" + name);
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void shouldAcceptA64CharacterName()
    {
        final String name = "a".repeat(64);
        try (DurablePosition position = DurablePosition.open(root, CHANNEL, name))
        {
            assertThat(position.path().getFileName()).hasToString("0000_002a." + name + ".position");
        }
    }

    @Test
    void shouldRefuseUseAfterCloseInsteadOfCrashing()
    {
        final DurablePosition position = DurablePosition.open(root, CHANNEL, "closed");
        position.close();
        position.close();
        assertThatThrownBy(position::get).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> position.set(8)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectAFileOfTheWrongSize() throws Exception
    {
        final Path path = StorageDescriptor.positionPath(root, CHANNEL, "bad");
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[5]);
        assertThatThrownBy(() -> DurablePosition.open(path))
            .isExactlyInstanceOf(KekbitException.class)
            .hasMessage("durable position file " + path + ": size: expected 8 bytes, actual 5");
        assertThatThrownBy(() -> DurablePosition.peek(path))
            .isExactlyInstanceOf(KekbitException.class)
            .hasMessage("durable position file " + path + ": size: expected 8 bytes, actual 5");
        assertThatThrownBy(() -> DurablePosition.peek(root.resolve("missing")))
            .isExactlyInstanceOf(KekbitException.class)
            .hasMessageContaining(root.resolve("missing").toString());
    }
}
