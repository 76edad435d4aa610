package io.kekbit.core;

/**
 * Why a channel could not be created or opened; the seed's {@code ChannelError} kinds. Carried by
 * {@link ChannelException#reason()}.
 */
public enum ChannelError
{
    /** The file does not start with the {@code *KEKBIT*} signature. */
    INVALID_SIGNATURE,
    /** The file's format version is newer than 1.0.0. */
    INCOMPATIBLE_VERSION,
    /**
     * The capacity is below 16 KiB or above what one mapping supports, or the file is shorter than its capacity needs.
     */
    INVALID_CAPACITY,
    /** The max message length is too large for the capacity or not a multiple of 8. */
    INVALID_MAX_MESSAGE_LENGTH,
    /** The tick unit id is not 0, 3, 6 or 9. The Rust crate panics here; we report it. */
    INVALID_TICK_UNIT,
    /** The channel file does not exist. */
    STORAGE_NOT_FOUND,
    /** The channel's lock file exists: the channel is being created, or its creator died (stale lock). */
    STORAGE_NOT_READY,
    /** The channel file (or a creator's lock file) already exists. */
    STORAGE_ALREADY_EXISTS,
    /** The file or folder could not be created, sized, read or written (permissions, full disk). */
    COULD_NOT_ACCESS_STORAGE,
    /** The file could not be memory-mapped. */
    MEMORY_MAPPING_FAILED,
    /**
     * A live writer, in this or another process, holds the channel's owner lock (see
     * {@link io.kekbit.core.layout.StorageDescriptor#ownerPath}): the channel may not be written, resumed or
     * re-created by anyone else. Not one of the seed's kinds: its writers take no lock.
     */
    CHANNEL_IN_USE,
    /** Any other access failure, such as a file too short to hold a header. */
    ACCESS_ERROR
}
