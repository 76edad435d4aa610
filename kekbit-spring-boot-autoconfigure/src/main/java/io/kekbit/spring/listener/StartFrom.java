package io.kekbit.spring.listener;

/**
 * Where a listener starts reading its channel. Thread-safe (immutable).
 */
public enum StartFrom
{
    /** Position 0: every record in the channel. */
    BEGINNING,
    /** The end of the data written when the listener starts: only new records. */
    END,
    /** The listener's durable position (a file beside the channel); position 0 the first time. */
    DURABLE
}
