package io.kekbit.core.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.kekbit.core.internal.MappedMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A Mockito mock of {@link MappedMemory} for store-order tests (the publication order of docs/format.md section 6). Mockito records the order of the
 * accessor calls; in addition, every store also lands in a little-endian heap buffer, which {@code window(0)} returns,
 * so payload copies through the window work, and every release store keeps a copy of the memory as it was just before
 * that store. A reader that acquire-loads the released value sees at least that copy, so a test can check that the
 * payload and the next WATERMARK were already in place when a length word was published.
 * <p>
 * The mock is a subclass built through {@link MappedMemory}'s constructor: the kekbit-core tests configure Mockito's
 * subclass mock maker and reflection member accessor ({@code src/test/resources/mockito-extensions}), so Mockito loads
 * no agent and needs no JVM flag on any JDK. Final methods, {@code window(int)} among them, therefore run for real and
 * are not recorded. The inline mock maker would record them, but it rewrites {@code MappedMemory} itself for the rest
 * of the test JVM, and the advice it puts in {@code window(int)} made {@code HotPathAllocationTest} see 48 bytes
 * allocated per {@code tryClaim}/{@code commit} whenever it ran after these tests (it also needs a dynamically loaded
 * agent, which JDK 21+ warns about).
 * <p>
 * Not thread-safe: one per test.
 */
final class MockMappedMemory
{
    private final MappedMemory memory;
    private final ByteBuffer bytes;
    private final List<Release> releases = new ArrayList<>();

    /**
     * A release store and the memory just before it.
     *
     * @param offset byte offset stored to.
     * @param value  value stored.
     * @param before copy of the memory before the store.
     */
    record Release(long offset, long value, ByteBuffer before)
    {
    }

    /**
     * Creates the mock over {@code size} zeroed bytes, one window.
     *
     * @param size bytes of memory, at most {@link MappedMemory#WINDOW_SIZE}.
     */
    MockMappedMemory(final long size)
    {
        bytes = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        memory = mock(MappedMemory.class, withSettings().useConstructor(size, new ByteBuffer[] {bytes}));
        doAnswer(invocation ->
        {
            bytes.putLong(Math.toIntExact(invocation.<Long>getArgument(0)), invocation.<Long>getArgument(1));
            return null;
        }).when(memory).putLong(anyLong(), anyLong());
        doAnswer(invocation ->
        {
            final long offset = invocation.getArgument(0);
            final long value = invocation.getArgument(1);
            releases.add(new Release(offset, value, copy()));
            bytes.putLong(Math.toIntExact(offset), value);
            return null;
        }).when(memory).putLongRelease(anyLong(), anyLong());
        doAnswer(invocation ->
        {
            final byte[] src = invocation.getArgument(1);
            bytes.put(Math.toIntExact(invocation.<Long>getArgument(0)), src, invocation.getArgument(2),
                invocation.getArgument(3));
            return null;
        }).when(memory).putBytes(anyLong(), any(byte[].class), anyInt(), anyInt());
    }

    /**
     * The mock, to hand to the code under test and to Mockito's {@code verify}/{@code inOrder}.
     *
     * @return the mocked accessor.
     */
    MappedMemory memory()
    {
        return memory;
    }

    /**
     * The heap buffer behind the mock, as it is now.
     *
     * @return the buffer (little-endian).
     */
    ByteBuffer bytes()
    {
        return bytes;
    }

    /**
     * The memory as it was just before the only release store of {@code value} at {@code offset}.
     *
     * @param offset byte offset.
     * @param value  released value.
     * @return a little-endian copy of the memory.
     */
    ByteBuffer before(final long offset, final long value)
    {
        final List<ByteBuffer> matches = new ArrayList<>();
        for (final Release release : releases)
        {
            if (release.offset() == offset && release.value() == value)
            {
                matches.add(release.before());
            }
        }
        assertThat(matches).as("release stores of %d at offset %d", value, offset).hasSize(1);
        return matches.get(0);
    }

    /**
     * Bytes of a buffer.
     *
     * @param buffer a heap buffer, such as one returned by {@link #before(long, long)}.
     * @param offset index of the first byte.
     * @param length number of bytes.
     * @return a new array.
     */
    static byte[] slice(final ByteBuffer buffer, final long offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.get(Math.toIntExact(offset), out);
        return out;
    }

    private ByteBuffer copy()
    {
        final byte[] array = bytes.array().clone();
        return ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    }
}
