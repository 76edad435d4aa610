package io.kekbit.spring.listener;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeDescriptor;
import io.kekbit.spring.core.KekbitConversionException;
import io.kekbit.spring.core.KekbitMessageConverter;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a {@link KekbitListener} method for a record. The signature is analysed once, at registration: each
 * parameter gets a resolver, and an unsupported parameter fails startup naming the method. The common shapes (one
 * {@code ByteBuffer}, {@code byte[]} or {@code String} payload, or a {@code ByteBuffer} and a {@code long} position)
 * are called through a {@link ListenerFunctions} interface implemented for the method, with no argument array; the
 * others through a spreading method handle taking an {@code Object[]}. Not thread-safe: one instance per listener
 * thread (it reuses a scratch array for decoding and the argument array).
 * <p>
 * On an enveloped channel each record is first decoded in place by a kept {@link EnvelopeDecoder} (no allocation):
 * the payload parameters get the body, and {@code @Header} parameters with other names than the kekbit ones get the
 * envelope's headers. A record that is not a valid envelope fails with a {@link KekbitConversionException} (never
 * retried).
 * <p>
 * Options: a {@link KekbitRecordFilterStrategy} sees each record before conversion and may discard it (counted by
 * {@link #filteredRecords()}); a {@link ListenerReply} sends the method's return value ({@code @SendTo}); a
 * {@link PayloadValidation} validates {@code @Valid} payload parameters. A method with a reply or a validated
 * parameter is called through the argument array.
 */
final class KekbitRecordInvoker
{
    private enum Kind
    {
        BYTES, STRING, BUFFER, OBJECT, MESSAGE, POSITION, CHANNEL_ID, CHANNEL_NAME, ENVELOPE_HEADER
    }

    /** How the method is called: {@link #GENERAL} resolves an argument array, the others call a function. */
    private enum Shape
    {
        GENERAL, BUFFER, BYTES, STRING, BUFFER_POSITION
    }

    private final Method method;
    private final Shape shape;
    /** Type {@code (Object[])void}; null unless the shape is GENERAL. */
    private final MethodHandle handle;
    private final ListenerFunctions.OnBuffer onBuffer;
    private final ListenerFunctions.OnBufferPosition onBufferPosition;
    private final ListenerFunctions.OnBytes onBytes;
    private final ListenerFunctions.OnString onString;
    private final String channelName;
    private final long channelId;
    private final RecordConversion conversion;
    private final Kind[] kinds;
    private final Type[] payloadTypes;
    private final Object[] args;
    private final boolean envelope;
    /** The conversion's envelope decoder, or null on a raw channel. */
    private final EnvelopeDecoder decoder;
    /** Per parameter: the envelope header name of an ENVELOPE_HEADER parameter, else null. */
    private final String[] headerNames;
    /** Per parameter: whether an ENVELOPE_HEADER parameter is required. */
    private final boolean[] headerRequired;
    private final ListenerReply reply;
    private final KekbitRecordFilterStrategy filter;
    private final ReceivedRecord filterView;
    /** Per parameter: whether it is validated; null when nothing is. */
    private final PayloadValidation validation;
    /** The batch invoker of a batch listener, whose records go through it instead; else null. */
    private final BatchRecordInvoker batch;
    /** Written only by the listener thread, read by metrics. */
    private volatile long filtered;

    /**
     * Analyses a listener method.
     *
     * @param bean        the bean holding the method.
     * @param method      the method, invocable on {@code bean}.
     * @param channelName the channel name for headers.
     * @param channelId   the channel id for headers.
     * @param converter   converter for POJO payloads; may be null when no method needs one.
     * @param envelope    whether the channel's records carry the kekbit envelope.
     * @throws IllegalStateException when a parameter is not supported; the message names the method.
     */
    KekbitRecordInvoker(
        final Object bean,
        final Method method,
        final String channelName,
        final long channelId,
        final KekbitMessageConverter converter,
        final boolean envelope)
    {
        this(bean, method, channelName, channelId, converter, envelope, null, null, null, null);
    }

    /**
     * Analyses a listener method, with a filter, a reply and payload validation.
     *
     * @param bean        the bean holding the method.
     * @param method      the method, invocable on {@code bean}.
     * @param channelName the channel name for headers.
     * @param channelId   the channel id for headers.
     * @param converter   converter for POJO payloads; may be null when no method needs one.
     * @param envelope    whether the channel's records carry the kekbit envelope.
     * @param listenerId  the listener id, for the filter's view of records; may be null without a filter.
     * @param filter      discards records before conversion; may be null.
     * @param reply       sends the return value; null for a void method.
     * @param validator   validates {@code @Valid} payload parameters; may be null (then they are not validated).
     * @throws IllegalStateException when a parameter is not supported; the message names the method.
     */
    KekbitRecordInvoker(
        final Object bean,
        final Method method,
        final String channelName,
        final long channelId,
        final KekbitMessageConverter converter,
        final boolean envelope,
        final String listenerId,
        final KekbitRecordFilterStrategy filter,
        final ListenerReply reply,
        final org.springframework.validation.Validator validator)
    {
        this.method = method;
        this.batch = null;
        this.reply = reply;
        this.filter = filter;
        this.filterView = filter == null ? null : new ReceivedRecord(listenerId, channelName, channelId);
        this.channelName = channelName;
        this.channelId = channelId;
        this.conversion = new RecordConversion(channelName, channelId, converter, envelope);
        this.envelope = envelope;
        this.decoder = conversion.decoder();
        final int count = method.getParameterCount();
        this.kinds = new Kind[count];
        this.payloadTypes = new Type[count];
        this.args = new Object[count];
        this.headerNames = new String[count];
        this.headerRequired = new boolean[count];
        boolean payloadSeen = false;
        for (int i = 0; i < count; i++)
        {
            final MethodParameter parameter = new MethodParameter(method, i);
            final Header header = parameter.getParameterAnnotation(Header.class);
            if (header != null)
            {
                kinds[i] = headerKind(parameter, header);
                if (kinds[i] == Kind.ENVELOPE_HEADER)
                {
                    headerNames[i] = header.name().isEmpty() ? header.value() : header.name();
                    headerRequired[i] = header.required();
                }
                continue;
            }
            if (payloadSeen)
            {
                throw unsupported(parameter, "only one payload parameter is allowed; annotate headers with @Header");
            }
            payloadSeen = true;
            final Class<?> type = parameter.getParameterType();
            if (Message.class.isAssignableFrom(type))
            {
                kinds[i] = Kind.MESSAGE;
                payloadTypes[i] = RecordConversion.messagePayloadType(parameter.getGenericParameterType());
            }
            else
            {
                kinds[i] = payloadKind(parameter.getGenericParameterType());
                payloadTypes[i] = parameter.getGenericParameterType();
                if (kinds[i] == Kind.OBJECT && type.isPrimitive())
                {
                    throw unsupported(parameter, "primitive payloads are not supported");
                }
            }
            if (RecordConversion.isPojo(payloadTypes[i]) && converter == null)
            {
                throw unsupported(parameter, "a POJO payload needs a KekbitMessageConverter (Jackson 3 on the " +
                    "class path)");
            }
        }
        this.validation = PayloadValidation.of(method, kinds.length, validator,
            i -> kinds[i] != Kind.MESSAGE && kinds[i] != Kind.BUFFER && kinds[i] != Kind.ENVELOPE_HEADER &&
                kinds[i] != Kind.POSITION && kinds[i] != Kind.CHANNEL_ID && kinds[i] != Kind.CHANNEL_NAME);
        ReflectionUtils.makeAccessible(method);
        this.shape = reply != null || validation != null ? Shape.GENERAL : shape(kinds, method.getParameterTypes());
        this.handle = shape == Shape.GENERAL ? spreadingHandle(bean, method) : null;
        this.onBuffer = shape == Shape.BUFFER ? ListenerFunctions.onBuffer(bean, method) : null;
        this.onBufferPosition = shape == Shape.BUFFER_POSITION ?
            ListenerFunctions.onBufferPosition(bean, method) : null;
        this.onBytes = shape == Shape.BYTES ? ListenerFunctions.onBytes(bean, method) : null;
        this.onString = shape == Shape.STRING ? ListenerFunctions.onString(bean, method) : null;
    }

    /**
     * Wraps a batch listener's invoker, so that the container takes one invoker type: its records are delivered
     * through {@link #batch()}, never through {@link #invoke}.
     *
     * @param batch the batch invoker.
     */
    KekbitRecordInvoker(final BatchRecordInvoker batch)
    {
        this.method = batch.method();
        this.batch = batch;
        this.shape = Shape.GENERAL;
        this.handle = null;
        this.onBuffer = null;
        this.onBufferPosition = null;
        this.onBytes = null;
        this.onString = null;
        this.channelName = null;
        this.channelId = 0;
        this.conversion = null;
        this.kinds = new Kind[0];
        this.payloadTypes = new Type[0];
        this.args = new Object[0];
        this.envelope = batch.isEnvelope();
        this.decoder = null;
        this.headerNames = new String[0];
        this.headerRequired = new boolean[0];
        this.reply = null;
        this.filter = null;
        this.filterView = null;
        this.validation = null;
    }

    /**
     * The batch invoker of a batch listener.
     *
     * @return the batch invoker, or null for a record listener.
     */
    BatchRecordInvoker batch()
    {
        return batch;
    }

    private static Shape shape(final Kind[] kinds, final Class<?>[] types)
    {
        if (kinds.length == 1)
        {
            switch (kinds[0])
            {
                case BUFFER:
                    return Shape.BUFFER;
                case BYTES:
                    return Shape.BYTES;
                case STRING:
                    return Shape.STRING;
                default:
                    return Shape.GENERAL;
            }
        }
        if (kinds.length == 2 && kinds[0] == Kind.BUFFER && kinds[1] == Kind.POSITION && types[1] == long.class)
        {
            return Shape.BUFFER_POSITION;
        }
        return Shape.GENERAL;
    }

    /**
     * A method handle for {@code bean.method(args...)} taking the argument array and returning the result (null for
     * a void method), built once: calling it costs far less per record than {@link Method#invoke}.
     */
    private static MethodHandle spreadingHandle(final Object bean, final Method method)
    {
        return ListenerFunctions.handle(bean, method).asSpreader(Object[].class, method.getParameterCount())
            .asType(MethodType.methodType(Object.class, Object[].class));
    }

    /**
     * The method.
     *
     * @return the listener method.
     */
    Method method()
    {
        return method;
    }

    /**
     * Records the filter discarded since the invoker was created.
     *
     * @return the count; 0 without a filter.
     */
    long filteredRecords()
    {
        return batch != null ? batch.filteredRecords() : filtered;
    }

    /**
     * Whether records are decoded as envelopes.
     *
     * @return true on an enveloped channel.
     */
    boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * Resolves the arguments and calls the method.
     *
     * @param buffer   the record's buffer; position and limit are reset to the payload.
     * @param offset   index of the payload's first byte.
     * @param length   payload length.
     * @param position data position of the record.
     * @return true when the method was called, false when the filter discarded the record.
     * @throws KekbitConversionException         when the payload cannot be converted, the record is not a valid
     *                                           envelope on an enveloped channel, or a required header is missing.
     * @throws KekbitListenerExecutionException  when the method, the filter or the reply send throws.
     * @throws org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException when a
     *                                           {@code @Valid} payload is not valid.
     */
    boolean invoke(final ByteBuffer buffer, final int recordOffset, final int recordLength, final long position)
    {
        conversion.decode(buffer, recordOffset, recordLength, position);
        final int offset = conversion.bodyOffset();
        final int length = conversion.bodyLength();
        if (filter != null && isFiltered(buffer, offset, length, position))
        {
            return false;
        }
        switch (shape)
        {
            case BUFFER:
                buffer.limit(offset + length).position(offset);
                invokeBuffer(buffer, position);
                break;
            case BUFFER_POSITION:
                buffer.limit(offset + length).position(offset);
                invokeBufferPosition(buffer, position);
                break;
            case BYTES:
            {
                final byte[] copy = new byte[length];
                buffer.get(offset, copy, 0, length);
                invokeBytes(copy, position);
                break;
            }
            case STRING:
                invokeString(conversion.string(buffer, offset, length), position);
                break;
            default:
                invokeGeneral(buffer, offset, length, position);
                break;
        }
        return true;
    }

    private boolean isFiltered(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final boolean discard;
        try
        {
            discard = filter.filter(filterView.wrap(buffer, offset, length, position, envelope ? decoder : null));
        }
        catch (final RuntimeException ex)
        {
            throw new KekbitListenerExecutionException("record filter " + filter + " of listener method " +
                method.toGenericString() + " threw for the record at position " + position + " of channel '" +
                channelName + "': " + ex, ex);
        }
        if (discard)
        {
            filtered = filtered + 1;
        }
        return discard;
    }

    private void invokeBuffer(final ByteBuffer payload, final long position)
    {
        try
        {
            onBuffer.onRecord(payload);
        }
        catch (final Throwable ex)
        {
            throw failed(ex, position);
        }
    }

    private void invokeBufferPosition(final ByteBuffer payload, final long position)
    {
        try
        {
            onBufferPosition.onRecord(payload, position);
        }
        catch (final Throwable ex)
        {
            throw failed(ex, position);
        }
    }

    private void invokeBytes(final byte[] payload, final long position)
    {
        try
        {
            onBytes.onRecord(payload);
        }
        catch (final Throwable ex)
        {
            throw failed(ex, position);
        }
    }

    private void invokeString(final String payload, final long position)
    {
        try
        {
            onString.onRecord(payload);
        }
        catch (final Throwable ex)
        {
            throw failed(ex, position);
        }
    }

    private void invokeGeneral(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final Object[] args = this.args;
        for (int i = 0; i < args.length; i++)
        {
            switch (kinds[i])
            {
                case POSITION:
                    args[i] = position;
                    break;
                case CHANNEL_ID:
                    args[i] = channelId;
                    break;
                case CHANNEL_NAME:
                    args[i] = channelName;
                    break;
                case ENVELOPE_HEADER:
                    args[i] = envelopeHeader(i, position);
                    break;
                case MESSAGE:
                    args[i] = new GenericMessage<>(conversion.payload(payloadTypes[i], buffer, offset, length),
                        conversion.headers(position));
                    break;
                default:
                    args[i] = conversion.payload(payloadTypes[i], buffer, offset, length);
                    if (validation != null)
                    {
                        validation.validate(args[i], i, position, channelName);
                    }
                    break;
            }
        }
        final Object result;
        try
        {
            result = (Object)handle.invokeExact(args);
        }
        catch (final Throwable ex)
        {
            throw failed(ex, position);
        }
        finally
        {
            java.util.Arrays.fill(args, null);
        }
        if (reply != null)
        {
            sendReply(result, position);
        }
    }

    private void sendReply(final Object result, final long position)
    {
        try
        {
            reply.send(result, position);
        }
        catch (final RuntimeException ex)
        {
            throw new KekbitListenerExecutionException("@SendTo: listener method " + method.toGenericString() +
                " returned for the record at position " + position + " of channel '" + channelName +
                "', but sending the result to writer '" + reply.writerName() + "' failed: " + ex.getMessage(), ex);
        }
    }

    private KekbitListenerExecutionException failed(final Throwable ex, final long position)
    {
        return new KekbitListenerExecutionException("listener method " + method.toGenericString() +
            " threw for the record at position " + position + " of channel '" + channelName + "': " + ex, ex);
    }

    private Object envelopeHeader(final int index, final long position)
    {
        final String name = headerNames[index];
        if (!decoder.find(name))
        {
            if (headerRequired[index])
            {
                throw new KekbitConversionException("record at position " + position + " of channel '" + channelName +
                    "' has no header '" + name + "', required by parameter " + index + " of " +
                    method.toGenericString() + " (use @Header(required = false) to accept records without it)", null);
            }
            return null;
        }
        final Class<?> type = method.getParameterTypes()[index];
        if (type == String.class)
        {
            return decoder.stringValue();
        }
        if (type == byte[].class)
        {
            return decoder.bytesValue();
        }
        if (type == long.class || type == Long.class)
        {
            if (decoder.valueType() == EnvelopeDescriptor.TYPE_LONG)
            {
                return decoder.longValue();
            }
            final String text = decoder.stringValue();
            try
            {
                return Long.parseLong(text.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new KekbitConversionException("header '" + name + "' of the record at position " + position +
                    " of channel '" + channelName + "' is not a long: " +
                    EnvelopeDescriptor.typeName(decoder.valueType()) + " '" + text + "'", ex);
            }
        }
        return decoder.value();
    }

    private Kind headerKind(final MethodParameter parameter, final Header header)
    {
        final String name = header.name().isEmpty() ? header.value() : header.name();
        final Class<?> type = parameter.getParameterType();
        switch (name)
        {
            case KekbitHeaders.POSITION:
                requireType(parameter, type == long.class || type == Long.class, "long");
                return Kind.POSITION;
            case KekbitHeaders.CHANNEL_ID:
                requireType(parameter, type == long.class || type == Long.class, "long");
                return Kind.CHANNEL_ID;
            case KekbitHeaders.CHANNEL_NAME:
                requireType(parameter, type == String.class, "String");
                return Kind.CHANNEL_NAME;
            default:
                if (!envelope)
                {
                    throw unsupported(parameter, "unknown header '" + name + "' (allowed: " + KekbitHeaders.POSITION +
                        ", " + KekbitHeaders.CHANNEL_ID + ", " + KekbitHeaders.CHANNEL_NAME + "; record headers " +
                        "need an enveloped channel: kekbit.readers.<name>.envelope=true)");
                }
                if (type != String.class && type != byte[].class && type != long.class && type != Long.class &&
                    type != Object.class)
                {
                    throw unsupported(parameter, "header type: expected String, byte[], long, Long or Object, " +
                        "actual " + type.getName());
                }
                if (type == long.class && !header.required())
                {
                    throw unsupported(parameter, "an optional header (required = false) cannot be a primitive " +
                        "long; use Long");
                }
                return Kind.ENVELOPE_HEADER;
        }
    }

    private void requireType(final MethodParameter parameter, final boolean ok, final String expected)
    {
        if (!ok)
        {
            throw unsupported(parameter, "header type: expected " + expected + ", actual " +
                parameter.getParameterType().getName());
        }
    }

    private static Kind payloadKind(final Type type)
    {
        if (type == byte[].class)
        {
            return Kind.BYTES;
        }
        if (type == String.class)
        {
            return Kind.STRING;
        }
        if (type == ByteBuffer.class)
        {
            return Kind.BUFFER;
        }
        return Kind.OBJECT;
    }

    private IllegalStateException unsupported(final MethodParameter parameter, final String why)
    {
        return new IllegalStateException("unsupported parameter " + parameter.getParameterIndex() + " (" +
            parameter.getGenericParameterType().getTypeName() + ") of @KekbitListener method " +
            method.toGenericString() + ": " + why);
    }
}
