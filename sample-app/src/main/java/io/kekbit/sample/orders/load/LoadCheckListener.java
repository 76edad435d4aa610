package io.kekbit.sample.orders.load;

import io.kekbit.spring.listener.KekbitHeaders;
import io.kekbit.spring.listener.KekbitListener;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;

/**
 * Reads the {@code load} channel into the {@link LoadCheck}, zero-copy: the buffer is the mapped file, valid only
 * during the call. The reader {@code kekbit.readers.load} starts from its durable position, saved after each poll of
 * at most {@code kekbit.listener.max-records-per-poll} records, so a restarted consumer goes on where the stopped one
 * ended. Not in the {@code producer} profile. Thread-safe (the check is).
 */
@Component
@Profile("!producer")
public final class LoadCheckListener
{
    /** Listener id: names its thread, its durable position file, its health component and its metrics tags. */
    public static final String ID = "load-check";

    private final LoadCheck check;

    /**
     * Creates the listener.
     *
     * @param check the check to feed.
     */
    public LoadCheckListener(final LoadCheck check)
    {
        this.check = check;
    }

    /**
     * Checks one record.
     *
     * @param record   the record's bytes.
     * @param position its channel position.
     */
    @KekbitListener(channel = "load", id = ID)
    public void onRecord(final ByteBuffer record, @Header(KekbitHeaders.POSITION) final long position)
    {
        check.apply(record, position);
    }
}
