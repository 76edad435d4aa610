/**
 * Internal memory access for kekbit channels. <b>Not API: may change without notice.</b>
 * <p>
 * {@link io.kekbit.core.internal.MappedMemory} is the one place where memory ordering is expressed. Two
 * implementations exist: one over {@code MappedByteBuffer} and {@code VarHandle} (Java 17 to 21, mappings up to
 * 2 GiB) and one over the FFM API, {@code MemorySegment} and {@code Arena} (Java 22 and newer, mappings up to the
 * format's 4 GiB). {@link io.kekbit.core.internal.MappedMemories} picks one at run time; neither needs a JVM flag.
 * <p>
 * {@link io.kekbit.core.internal.ClaimAccess} is the writer's side of a claim: it points a user's
 * {@link io.kekbit.core.Claim} at claimed space. {@link io.kekbit.core.internal.PrivateFiles} creates files and
 * folders with their final permissions and opens files without following symbolic links.
 * {@link io.kekbit.core.internal.MappingFaults} tells a fault from a truncated channel file. On the module path this
 * package is exported only to {@code io.kekbit.journal} and to the Spring starter's
 * {@code kekbit.spring.boot.autoconfigure}.
 */
package io.kekbit.core.internal;
