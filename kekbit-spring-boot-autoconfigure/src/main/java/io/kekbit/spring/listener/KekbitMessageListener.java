package io.kekbit.spring.listener;

import org.springframework.messaging.Message;

/**
 * A listener registered without the annotation (through a {@link KekbitListenerConfigurer}) that takes each record
 * as a {@link Message}: the payload is a copy of the record's bytes (the body on an enveloped channel) and the headers
 * are the kekbit headers ({@link KekbitHeaders}) plus, on an enveloped channel, the envelope's headers. Convenient, and
 * it allocates per record; use {@link KekbitRecordListener} for zero-copy. Called on the listener's poll thread only.
 */
@FunctionalInterface
public interface KekbitMessageListener
{
    /**
     * Handles a record. An exception goes to the listener's error handler.
     *
     * @param message the record.
     */
    void onMessage(Message<byte[]> message);
}
