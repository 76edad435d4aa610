package io.kekbit.spring.core;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts objects to and from JSON with a Jackson 3 {@link JsonMapper}, usually the application's bean.
 * Thread-safe (the mapper is).
 */
public final class JsonKekbitMessageConverter implements KekbitMessageConverter
{
    private final JsonMapper mapper;

    /**
     * Creates a converter.
     *
     * @param mapper the mapper to use.
     */
    public JsonKekbitMessageConverter(final JsonMapper mapper)
    {
        this.mapper = mapper;
    }

    /** {@inheritDoc} */
    @Override
    public byte[] toBytes(final Object payload)
    {
        try
        {
            return mapper.writeValueAsBytes(payload);
        }
        catch (final JacksonException ex)
        {
            throw new KekbitConversionException(
                "cannot convert " + payload.getClass().getName() + " to JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Object fromBytes(final byte[] bytes, final int offset, final int length, final Type targetType)
    {
        try
        {
            return mapper.readValue(bytes, offset, length, mapper.constructType(targetType));
        }
        catch (final JacksonException ex)
        {
            throw new KekbitConversionException(
                "cannot convert JSON payload (" + length + " bytes) to " + targetType.getTypeName() + ": " +
                ex.getOriginalMessage(), ex);
        }
    }
}
