package io.kekbit.spring.core;

import java.lang.reflect.Type;

/**
 * Converts application objects to record payloads and back (JSON by default). Implementations must be thread-safe:
 * one instance serves every sender and listener thread.
 */
public interface KekbitMessageConverter
{
    /**
     * Encodes an object as a record payload.
     *
     * @param payload the object, never null.
     * @return the payload bytes.
     * @throws KekbitConversionException when the object cannot be encoded.
     */
    byte[] toBytes(Object payload);

    /**
     * Decodes a record payload.
     *
     * @param bytes      array holding the payload.
     * @param offset     index of the payload's first byte.
     * @param length     payload length.
     * @param targetType the type wanted (may be generic).
     * @return the object.
     * @throws KekbitConversionException when the bytes cannot be decoded to {@code targetType}.
     */
    Object fromBytes(byte[] bytes, int offset, int length, Type targetType);
}
