package io.kekbit.spring.listener;

import java.nio.ByteBuffer;

import org.springframework.messaging.handler.annotation.Header;

/**
 * A zero-copy listener registered without the annotation (through a {@link KekbitListenerConfigurer}): it gets the
 * mapped buffer, its position and limit set to the record's payload (the body on an enveloped channel), and the
 * record's data position. The buffer is valid only during the call; copy what must outlive it. Nothing is allocated
 * per record. Called on the listener's poll thread only.
 */
@FunctionalInterface
public interface KekbitRecordListener
{
    /**
     * Handles a record. An exception goes to the listener's error handler.
     *
     * @param payload  the payload, valid only during the call.
     * @param position the record's data position.
     */
    void onRecord(ByteBuffer payload, @Header(KekbitHeaders.POSITION) long position);
}
