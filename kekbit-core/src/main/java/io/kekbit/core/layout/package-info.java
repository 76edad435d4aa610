/**
 * The kekbit channel file format, described once: {@link io.kekbit.core.layout.ChannelHeaderDescriptor} for the
 * 128-byte header, {@link io.kekbit.core.layout.RecordDescriptor} for records and markers, and
 * {@link io.kekbit.core.layout.StorageDescriptor} for where channel files live.
 * <p>
 * This package is public so that the writer, reader and tools can share it, but it is <b>not user API</b>: it may
 * change without notice. On the module path it is exported only to {@code io.kekbit.journal} and {@code io.kekbit.cli}.
 * It is byte-compatible with files written by the Rust kekbit crate 0.2.3 (format 1.0.0).
 * The user-facing description of the format is {@code docs/format.md} in the repository.
 */
package io.kekbit.core.layout;
