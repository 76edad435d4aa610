package io.kekbit.core;

import java.nio.ByteBuffer;

/**
 * Space claimed in a channel by {@link Writer#tryClaim(int, Claim)}: fill it, then {@link #commit()} or
 * {@link #abort()}. Nothing is visible to readers until commit. A claim object can be kept and reused for every
 * claim, so the hot path allocates nothing.
 * <pre>{@code
 * Claim claim = new Claim();              // once
 * if (writer.tryClaim(64, claim) > 0) {
 *     try {
 *         ByteBuffer b = claim.buffer();
 *         b.putLong(claim.offset(), orderId);
 *         claim.commit();
 *     } catch (RuntimeException ex) {
 *         claim.abort();
 *         throw ex;
 *     }
 * }
 * }</pre>
 * Not thread-safe: use it on the writer's thread.
 */
public final class Claim
{
    private Committer committer;
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /**
     * Creates an empty claim, to be filled by {@link Writer#tryClaim(int, Claim)}.
     */
    public Claim()
    {
    }

    /**
     * Completes a claim; implemented by writers.
     */
    public interface Committer
    {
        /**
         * Publishes the claimed record.
         *
         * @param length payload length actually written, 1 to the claimed length.
         * @return the record size, or a negative {@link WriteError} code.
         */
        long commitClaim(int length);

        /**
         * Drops the claimed record; nothing becomes visible.
         */
        void abortClaim();
    }

    /**
     * Points this claim at claimed space. Called by writers.
     *
     * @param committer the writer that owns the space.
     * @param buffer    writable view of the space.
     * @param offset    index of the payload's first byte in {@code buffer}.
     * @param length    claimed payload length.
     */
    public void wrap(final Committer committer, final ByteBuffer buffer, final int offset, final int length)
    {
        this.committer = committer;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Writable view holding the claimed space; use absolute puts from {@link #offset()}.
     *
     * @return the buffer.
     */
    public ByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Index of the payload's first byte in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Claimed payload length.
     *
     * @return the length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Publishes the whole claimed length.
     *
     * @return the record size in the channel.
     * @throws IllegalStateException when nothing is claimed.
     */
    public long commit()
    {
        return commit(length);
    }

    /**
     * Publishes the first {@code actualLength} bytes of the claim, for encoders that learn their size as they go.
     *
     * @param actualLength bytes written, 1 to {@link #length()}.
     * @return the record size in the channel.
     * @throws IllegalStateException    when nothing is claimed.
     * @throws IllegalArgumentException when {@code actualLength} is out of range; the claim is aborted.
     */
    public long commit(final int actualLength)
    {
        final Committer c = take();
        if (actualLength < 1 || actualLength > length)
        {
            c.abortClaim();
            throw new IllegalArgumentException(
                "commit length out of range 1.." + length + ": actualLength=" + actualLength);
        }
        return c.commitClaim(actualLength);
    }

    /**
     * Drops the claim; nothing becomes visible.
     *
     * @throws IllegalStateException when nothing is claimed.
     */
    public void abort()
    {
        take().abortClaim();
    }

    /**
     * Whether this claim holds space not yet committed or aborted.
     *
     * @return true while claimed.
     */
    public boolean isClaimed()
    {
        return committer != null;
    }

    private Committer take()
    {
        final Committer c = committer;
        if (c == null)
        {
            throw new IllegalStateException("claim already committed or aborted");
        }
        committer = null;
        buffer = null;
        return c;
    }
}
