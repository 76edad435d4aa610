package io.kekbit.core.internal;

/**
 * A reader or writer over mapped memory that can tell a fault from its file being truncated under it. The JDK
 * reports a fault on a mapped page (the file shrank) as an {@link InternalError}; from JIT-compiled code it may
 * arrive at the thread's next safepoint check, after the read or write that touched the page has returned, and a
 * write through a {@link io.kekbit.core.Claim}'s buffer raises it in the caller's code. So a poll loop catches it
 * around the whole cycle, and a sender around the whole send, and hands it here. Implemented by the shared-memory
 * reader and writer and by {@link io.kekbit.core.Kekbit#synchronizedWriter} (which delegates). Not API.
 */
public interface MappingFaults
{
    /**
     * When the fault came from the file shrinking below what is mapped: a reader ends with
     * {@link io.kekbit.core.ReadError#FAILED} and a reason naming the file, and returns; a writer throws a
     * {@link io.kekbit.core.ChannelException} ({@link io.kekbit.core.ChannelError#COULD_NOT_ACCESS_STORAGE}) naming
     * the file and its new length, the one its write methods throw for a fault they catch themselves.
     *
     * @param fault the JDK's error.
     * @throws io.kekbit.core.ChannelException from a writer, when the file shrank.
     * @throws InternalError                   the fault itself, when the file did not shrink.
     */
    void onMappingFault(InternalError fault);
}
