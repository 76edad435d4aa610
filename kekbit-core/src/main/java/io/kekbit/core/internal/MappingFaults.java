package io.kekbit.core.internal;

/**
 * A reader over mapped memory that can end itself when its file was truncated under it. The JDK reports a fault on a
 * mapped page (the file shrank) as an {@link InternalError}; from JIT-compiled code it may arrive at the thread's next
 * safepoint check, after the read that touched the page has returned, so a poll loop catches it around the whole
 * cycle and hands it here. Not API.
 */
public interface MappingFaults
{
    /**
     * Ends the reader with {@link io.kekbit.core.ReadError#FAILED} and a reason naming the file when the fault came
     * from the file shrinking below what is mapped.
     *
     * @param fault the JDK's error.
     * @throws InternalError the fault itself, when the file did not shrink.
     */
    void onMappingFault(InternalError fault);
}
