package io.kekbit.spring.listener;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kekbit.spring.core.KekbitMessageConverter;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a batch {@link KekbitListener} method ({@code batch = "true"}) with the records of one poll. The signature is
 * analysed once, at registration: one {@code List<T>} parameter where {@code T} is {@code byte[]}, {@code String}, a
 * POJO converted from JSON, or {@code Message<T>} of those (headers: position, channel and, on an enveloped channel,
 * the record's headers); and optionally {@code @Header(KekbitHeaders.POSITION) List<Long>} (the positions, in batch
 * order), {@code @Header(KekbitHeaders.CHANNEL_ID) long} and {@code @Header(KekbitHeaders.CHANNEL_NAME) String}.
 * Each record is converted as it is read ({@link #convert}), after the filter; the method is then called once with
 * the batch ({@link #invoke}). Not thread-safe: one instance per listener thread.
 */
final class BatchRecordInvoker
{
    /** What {@link #convert} returns for a record the filter discarded. */
    static final Object FILTERED = new Object();

    private enum Kind
    {
        BATCH, POSITIONS, CHANNEL_ID, CHANNEL_NAME
    }

    private final Method method;
    /** Type {@code (Object[])void}. */
    private final MethodHandle handle;
    private final String channelName;
    private final long channelId;
    private final boolean envelope;
    private final RecordConversion conversion;
    private final Kind[] kinds;
    private final Type elementType;
    private final boolean messages;
    private final KekbitRecordFilterStrategy filter;
    private final ReceivedRecord filterView;
    /** Written only by the listener thread, read by metrics. */
    private volatile long filtered;

    /**
     * Analyses a batch listener method.
     *
     * @param bean        the bean holding the method.
     * @param method      the method, invocable on {@code bean}.
     * @param listenerId  the listener id.
     * @param channelName the channel name for headers.
     * @param channelId   the channel id for headers.
     * @param converter   converter for POJO payloads; may be null when the method needs none.
     * @param envelope    whether the channel's records carry the kekbit envelope.
     * @param filter      discards records before conversion; may be null.
     * @throws IllegalStateException when the signature is not a batch signature; the message names the method.
     */
    BatchRecordInvoker(
        final Object bean,
        final Method method,
        final String listenerId,
        final String channelName,
        final long channelId,
        final KekbitMessageConverter converter,
        final boolean envelope,
        final KekbitRecordFilterStrategy filter)
    {
        this.method = method;
        this.channelName = channelName;
        this.channelId = channelId;
        this.envelope = envelope;
        this.conversion = new RecordConversion(channelName, channelId, converter, envelope);
        this.filter = filter;
        this.filterView = filter == null ? null : new ReceivedRecord(listenerId, channelName, channelId);
        final int count = method.getParameterCount();
        this.kinds = new Kind[count];
        Type batchElement = null;
        for (int i = 0; i < count; i++)
        {
            final MethodParameter parameter = new MethodParameter(method, i);
            final Header header = parameter.getParameterAnnotation(Header.class);
            if (header != null)
            {
                kinds[i] = headerKind(parameter, header.name().isEmpty() ? header.value() : header.name());
                continue;
            }
            if (batchElement != null)
            {
                throw unsupported(parameter, "a batch listener takes one List parameter; annotate headers with " +
                    "@Header");
            }
            batchElement = listElement(parameter);
            kinds[i] = Kind.BATCH;
        }
        if (batchElement == null)
        {
            throw new IllegalStateException("batch @KekbitListener method " + method.toGenericString() + " has no " +
                "List parameter for the records (List<T>, T: byte[], String, a JSON-mapped type or Message<T>)");
        }
        this.messages = batchElement instanceof ParameterizedType &&
            ((ParameterizedType)batchElement).getRawType() == Message.class;
        this.elementType = messages ? RecordConversion.messagePayloadType(batchElement) : batchElement;
        if (elementType == ByteBuffer.class)
        {
            throw new IllegalStateException("batch @KekbitListener method " + method.toGenericString() + ": " +
                "ByteBuffer elements are not supported (a record's buffer is valid only while it is read); use " +
                "List<byte[]>");
        }
        if (RecordConversion.isPojo(elementType) && converter == null)
        {
            throw new IllegalStateException("batch @KekbitListener method " + method.toGenericString() + ": a POJO " +
                "element type needs a KekbitMessageConverter (Jackson 3 on the class path)");
        }
        ReflectionUtils.makeAccessible(method);
        this.handle = ListenerFunctions.handle(bean, method).asSpreader(Object[].class, count)
            .asType(MethodType.methodType(void.class, Object[].class));
    }

    /**
     * The method.
     *
     * @return the batch listener method.
     */
    Method method()
    {
        return method;
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
     * Records the filter discarded since the invoker was created.
     *
     * @return the count; 0 without a filter.
     */
    long filteredRecords()
    {
        return filtered;
    }

    /**
     * Converts one record of the batch being read: decodes its envelope, applies the filter, and converts the
     * payload (a {@code Message} with headers when the method takes messages).
     *
     * @param buffer   the record's buffer, valid only during the call.
     * @param offset   index of the record's first byte.
     * @param length   record length.
     * @param position data position of the record.
     * @return the batch element, or {@link #FILTERED} when the filter discarded the record.
     * @throws io.kekbit.spring.core.KekbitConversionException when the record cannot be converted.
     * @throws KekbitListenerExecutionException               when the filter throws.
     */
    Object convert(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        conversion.decode(buffer, offset, length, position);
        final int bodyOffset = conversion.bodyOffset();
        final int bodyLength = conversion.bodyLength();
        if (filter != null && isFiltered(buffer, bodyOffset, bodyLength, position))
        {
            return FILTERED;
        }
        final Object payload = conversion.payload(elementType, buffer, bodyOffset, bodyLength);
        return messages ? new GenericMessage<>(payload, conversion.headers(position)) : payload;
    }

    private boolean isFiltered(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final boolean discard;
        try
        {
            discard = filter.filter(filterView.wrap(buffer, offset, length, position, conversion.decoder()));
        }
        catch (final RuntimeException ex)
        {
            throw new KekbitListenerExecutionException("record filter " + filter + " of batch listener method " +
                method.toGenericString() + " threw for the record at position " + position + " of channel '" +
                channelName + "': " + ex, ex);
        }
        if (discard)
        {
            filtered = filtered + 1;
        }
        return discard;
    }

    /**
     * Calls the method once with a batch.
     *
     * @param elements  the converted records, in channel order; copied into the list the method receives.
     * @param positions their positions.
     * @param count     the number of records.
     * @throws KekbitListenerExecutionException when the method throws; its cause is the method's exception (a
     *                                          {@link KekbitBatchListenerFailedException} names the failed record).
     */
    void invoke(final List<Object> elements, final long[] positions, final int count)
    {
        final Object[] args = new Object[kinds.length];
        for (int i = 0; i < args.length; i++)
        {
            switch (kinds[i])
            {
                case BATCH:
                    args[i] = List.copyOf(elements);
                    break;
                case POSITIONS:
                {
                    final List<Long> list = new ArrayList<>(count);
                    for (int j = 0; j < count; j++)
                    {
                        list.add(positions[j]);
                    }
                    args[i] = java.util.Collections.unmodifiableList(list);
                    break;
                }
                case CHANNEL_ID:
                    args[i] = channelId;
                    break;
                default:
                    args[i] = channelName;
                    break;
            }
        }
        try
        {
            handle.invokeExact(args);
        }
        catch (final Throwable ex)
        {
            throw new KekbitListenerExecutionException("batch listener method " + method.toGenericString() +
                " threw for the " + count + " record(s) at positions " + positions[0] + " to " + positions[count - 1] +
                " of channel '" + channelName + "': " + ex, ex);
        }
    }

    private Kind headerKind(final MethodParameter parameter, final String name)
    {
        final Class<?> type = parameter.getParameterType();
        switch (name)
        {
            case KekbitHeaders.POSITION:
                if (type != List.class || !isListOf(parameter.getGenericParameterType(), Long.class))
                {
                    throw unsupported(parameter, "the positions of a batch are a List<Long>");
                }
                return Kind.POSITIONS;
            case KekbitHeaders.CHANNEL_ID:
                if (type != long.class && type != Long.class)
                {
                    throw unsupported(parameter, "header type: expected long, actual " + type.getName());
                }
                return Kind.CHANNEL_ID;
            case KekbitHeaders.CHANNEL_NAME:
                if (type != String.class)
                {
                    throw unsupported(parameter, "header type: expected String, actual " + type.getName());
                }
                return Kind.CHANNEL_NAME;
            default:
                throw unsupported(parameter, "unknown batch header '" + name + "' (allowed: " +
                    KekbitHeaders.POSITION + " as List<Long>, " + KekbitHeaders.CHANNEL_ID + ", " +
                    KekbitHeaders.CHANNEL_NAME + "; a record's own headers come with List<Message<T>>)");
        }
    }

    private Type listElement(final MethodParameter parameter)
    {
        final Type type = parameter.getGenericParameterType();
        if (parameter.getParameterType() != List.class || !(type instanceof ParameterizedType))
        {
            throw unsupported(parameter, "a batch listener takes the records as a List<T> (T: byte[], String, a " +
                "JSON-mapped type or Message<T>)");
        }
        final Type element = ((ParameterizedType)type).getActualTypeArguments()[0];
        if (element instanceof WildcardType || element == Object.class)
        {
            return byte[].class;
        }
        if (Arrays.stream(parameter.getParameterAnnotations()).anyMatch(annotation ->
            annotation.annotationType().getSimpleName().startsWith("Valid")))
        {
            throw unsupported(parameter, "@Valid is not supported on batch listeners; validate the elements in the " +
                "method");
        }
        return element;
    }

    private static boolean isListOf(final Type type, final Class<?> element)
    {
        return type instanceof ParameterizedType && ((ParameterizedType)type).getActualTypeArguments()[0] == element;
    }

    private IllegalStateException unsupported(final MethodParameter parameter, final String why)
    {
        return new IllegalStateException("unsupported parameter " + parameter.getParameterIndex() + " (" +
            parameter.getGenericParameterType().getTypeName() + ") of batch @KekbitListener method " +
            method.toGenericString() + ": " + why);
    }
}
