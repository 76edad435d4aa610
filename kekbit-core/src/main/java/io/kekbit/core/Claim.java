package io.kekbit.core;

import io.kekbit.core.internal.ClaimAccess;

import java.nio.ByteBuffer;

/**
 * Space claimed in a channel by {@link Writer#tryClaim(int, Claim)}: fill it through {@link #buffer()}, then
 * {@link #commit()} or {@link #abort()}. The buffer covers exactly the claimed payload: index 0 is its first byte,
 * and a store outside it throws {@link IndexOutOfBoundsException} and leaves the channel intact. Nothing is visible to
 * readers until commit. A claim object can be kept and reused for every claim (a flyweight re-pointed by each
 * {@code tryClaim}), so the hot path allocates nothing; the payload is written in place (zero copy).
 * <pre>{@code
 * Claim claim = new Claim();              // once
 * if (writer.tryClaim(16, claim) >= 0) {
 *     try {
 *         claim.buffer().putLong(0, orderId);
 *         claim.buffer().putLong(8, quantity);
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
    /** The writer's side, fetched by {@link ClaimAccess#get()}; kept private so that it is not API. */
    private static final ClaimAccess ACCESS = new Access();

    private final RecordBuffer buffer = new RecordBuffer();
    private ClaimAccess.Committer committer;
    private int length;

    /**
     * Creates an empty claim, to be filled by {@link Writer#tryClaim(int, Claim)}.
     */
    public Claim()
    {
    }

    void wrap(final ClaimAccess.Committer committer, final ByteBuffer window, final int base, final int length)
    {
        this.committer = committer;
        this.length = length;
        buffer.wrap(window, base, length);
    }

    /**
     * Writable view of the claimed payload, from index 0 to {@link #length()}; the same object for every claim. Its
     * capacity is 0 once the claim is committed or aborted.
     *
     * @return the buffer.
     */
    public RecordBuffer buffer()
    {
        return buffer;
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
     * @return the record size in the channel, or {@link WriteError#CLOSED} when the writer was sealed meanwhile.
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
     * @return the record size in the channel, or {@link WriteError#CLOSED} when the writer was sealed meanwhile.
     * @throws IllegalStateException    when nothing is claimed.
     * @throws IllegalArgumentException when {@code actualLength} is out of range; the claim is aborted.
     */
    public long commit(final int actualLength)
    {
        final ClaimAccess.Committer c = take();
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

    @Override
    public String toString()
    {
        return "Claim{length=" + length + ", claimed=" + (committer != null) + "}";
    }

    private ClaimAccess.Committer take()
    {
        final ClaimAccess.Committer c = committer;
        if (c == null)
        {
            throw new IllegalStateException("claim already committed or aborted");
        }
        committer = null;
        buffer.reset();
        return c;
    }

    /**
     * The writer's side, for {@link ClaimAccess}.
     */
    private static final class Access extends ClaimAccess
    {
        @Override
        public void wrap(
            final Claim claim,
            final Committer committer,
            final ByteBuffer window,
            final int base,
            final int length)
        {
            claim.wrap(committer, window, base, length);
        }

        @Override
        public RecordBuffer newRecordBuffer()
        {
            return new RecordBuffer();
        }

        @Override
        public void wrap(final RecordBuffer buffer, final ByteBuffer window, final int base, final int capacity)
        {
            buffer.wrap(window, base, capacity);
        }

        @Override
        public void reset(final RecordBuffer buffer)
        {
            buffer.reset();
        }
    }
}
