package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.internal.MappedMemories;

import org.junit.jupiter.api.Test;

/**
 * Shows which memory-access path this test run exercises: FFM on Java 22+, {@code MappedByteBuffer} on Java 17-21
 * or with {@code -Dkekbit.memory=buffer}. The build runs the suite in each mode.
 */
class MemoryImplementationTest
{
    @Test
    void shouldPickTheImplementationForThisRuntime()
    {
        final boolean buffer = "buffer".equals(System.getProperty("kekbit.memory")) ||
            Runtime.version().feature() < 22;
        assertThat(MappedMemories.IMPLEMENTATION).isEqualTo(buffer ? "buffer" : "ffm");
        assertThat(MappedMemories.maxMappingSize()).isEqualTo(buffer ? Integer.MAX_VALUE : Long.MAX_VALUE);
    }
}
