/**
 * Memory-mapped channels: the writer, the reader, and creating, opening and mapping channel files.
 * <b>Not API</b>: use {@link io.kekbit.core.Kekbit}, which returns the {@link io.kekbit.core.Writer} and
 * {@link io.kekbit.core.Reader} interfaces. May change without notice. The module {@code io.kekbit.core} does not
 * export it.
 */
package io.kekbit.core.shm;
