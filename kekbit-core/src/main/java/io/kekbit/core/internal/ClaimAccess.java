package io.kekbit.core.internal;

import io.kekbit.core.Claim;
import io.kekbit.core.RecordBuffer;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * The writer's side of {@link Claim} and {@link RecordBuffer}: pointing them at claimed space and completing a claim.
 * <b>Not API</b>: writers in this module use it; on the module path the package is not exported. The one instance is
 * made by {@link Claim} and fetched once, so a writer holds it in a {@code static final} field. Thread-safe
 * (stateless); the claims and buffers it acts on are not.
 */
public abstract class ClaimAccess
{
    /**
     * Completes a claim; implemented by writers.
     */
    public interface Committer
    {
        /**
         * Publishes the claimed record.
         *
         * @param length payload length actually written, 1 to the claimed length.
         * @return the record size, or a negative {@link io.kekbit.core.WriteError} code.
         */
        long commitClaim(int length);

        /**
         * Drops the claimed record; nothing becomes visible.
         */
        void abortClaim();
    }

    /**
     * For {@link Claim}'s implementation only.
     */
    protected ClaimAccess()
    {
    }

    /**
     * The instance made by {@link Claim}.
     *
     * @return the access.
     */
    public static ClaimAccess get()
    {
        return Holder.INSTANCE;
    }

    /**
     * Points a claim, and its buffer, at claimed space.
     *
     * @param claim     the user's claim.
     * @param committer the writer that owns the space.
     * @param window    mapped window holding the space.
     * @param base      index of the payload's first byte in {@code window}.
     * @param length    claimed payload length.
     */
    public abstract void wrap(Claim claim, Committer committer, ByteBuffer window, int base, int length);

    /**
     * A buffer for a writer's encoders, to be re-pointed at each record.
     *
     * @return a buffer of capacity 0.
     */
    public abstract RecordBuffer newRecordBuffer();

    /**
     * Points a buffer at a record's payload.
     *
     * @param buffer   the buffer.
     * @param window   mapped window holding the payload.
     * @param base     index of the payload's first byte in {@code window}.
     * @param capacity bytes the buffer may access.
     */
    public abstract void wrap(RecordBuffer buffer, ByteBuffer window, int base, int capacity);

    /**
     * Ends a buffer's access: capacity 0, no reference to the mapping.
     *
     * @param buffer the buffer.
     */
    public abstract void reset(RecordBuffer buffer);

    /**
     * Loaded on first use, after {@link Claim} has made the instance (the field is private to keep it out of API).
     */
    private static final class Holder
    {
        static final ClaimAccess INSTANCE = load();

        private static ClaimAccess load()
        {
            try
            {
                final Field field = Claim.class.getDeclaredField("ACCESS");
                field.setAccessible(true);
                return (ClaimAccess)field.get(null);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalStateException("kekbit-core is incomplete: Claim.ACCESS missing", ex);
            }
        }
    }
}
