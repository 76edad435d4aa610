package io.kekbit.spring.listener;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;

import org.springframework.core.log.LogAccessor;

/**
 * Small functional interfaces for the common {@link KekbitListener} signatures, implemented for a given method by
 * {@link LambdaMetafactory}: the generated class calls the method directly, so the JIT compiles a call through one of
 * these interfaces like an ordinary virtual call, which costs far less per record than a method handle that is not a
 * constant. When the metafactory cannot be used (the method's class in a named module that is not open, or in
 * another class loader's module), an adapter over an exact-type method handle is returned instead. Thread-safe: the
 * functions hold only the bean.
 * <p>
 * The interfaces are public so that the class generated in the listener's package can implement them; they are
 * nested in this package-private class, so they are not API.
 */
final class ListenerFunctions
{
    private static final LogAccessor LOGGER = new LogAccessor(ListenerFunctions.class);
    private static final String NAME = "onRecord";

    private ListenerFunctions()
    {
    }

    /** A method taking the zero-copy payload. */
    @FunctionalInterface
    public interface OnBuffer
    {
        /**
         * Calls the listener method.
         *
         * @param payload the record, position and limit set to the payload.
         * @throws Throwable what the method throws.
         */
        void onRecord(ByteBuffer payload) throws Throwable;
    }

    /** A method taking the zero-copy payload and the record's position. */
    @FunctionalInterface
    public interface OnBufferPosition
    {
        /**
         * Calls the listener method.
         *
         * @param payload  the record, position and limit set to the payload.
         * @param position the record's data position.
         * @throws Throwable what the method throws.
         */
        void onRecord(ByteBuffer payload, long position) throws Throwable;
    }

    /** A method taking a copy of the payload. */
    @FunctionalInterface
    public interface OnBytes
    {
        /**
         * Calls the listener method.
         *
         * @param payload the record's bytes.
         * @throws Throwable what the method throws.
         */
        void onRecord(byte[] payload) throws Throwable;
    }

    /** A method taking the payload decoded as UTF-8. */
    @FunctionalInterface
    public interface OnString
    {
        /**
         * Calls the listener method.
         *
         * @param payload the record, decoded.
         * @throws Throwable what the method throws.
         */
        void onRecord(String payload) throws Throwable;
    }

    static OnBuffer onBuffer(final Object bean, final Method method)
    {
        final OnBuffer generated = generate(bean, method, OnBuffer.class);
        if (generated != null)
        {
            return generated;
        }
        final MethodHandle exact = exactHandle(bean, method);
        return payload ->
        {
            exact.invokeExact(payload);
        };
    }

    static OnBufferPosition onBufferPosition(final Object bean, final Method method)
    {
        final OnBufferPosition generated = generate(bean, method, OnBufferPosition.class);
        if (generated != null)
        {
            return generated;
        }
        final MethodHandle exact = exactHandle(bean, method);
        return (payload, position) ->
        {
            exact.invokeExact(payload, position);
        };
    }

    static OnBytes onBytes(final Object bean, final Method method)
    {
        final OnBytes generated = generate(bean, method, OnBytes.class);
        if (generated != null)
        {
            return generated;
        }
        final MethodHandle exact = exactHandle(bean, method);
        return payload ->
        {
            exact.invokeExact(payload);
        };
    }

    static OnString onString(final Object bean, final Method method)
    {
        final OnString generated = generate(bean, method, OnString.class);
        if (generated != null)
        {
            return generated;
        }
        final MethodHandle exact = exactHandle(bean, method);
        return payload ->
        {
            exact.invokeExact(payload);
        };
    }

    /**
     * A method handle for {@code bean.method(args...)}, bound to the bean unless the method is static.
     *
     * @param bean   the bean.
     * @param method the method, made accessible.
     * @return the handle, of the method's own type without the receiver.
     * @throws IllegalStateException when the method cannot be accessed.
     */
    static MethodHandle handle(final Object bean, final Method method)
    {
        try
        {
            final MethodHandle handle = MethodHandles.lookup().unreflect(method);
            return Modifier.isStatic(method.getModifiers()) ? handle : handle.bindTo(bean);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("cannot access listener method " + method.toGenericString(), ex);
        }
    }

    /**
     * The fallback: a handle of the exact parameter types returning void, called with {@code invokeExact} (from a
     * statement, so that the call site's type returns void too).
     */
    private static MethodHandle exactHandle(final Object bean, final Method method)
    {
        return handle(bean, method).asType(MethodType.methodType(void.class, method.getParameterTypes()));
    }

    /**
     * Implements {@code type} by calling {@code method} on {@code bean}, or returns null when the metafactory cannot.
     */
    private static <T> T generate(final Object bean, final Method method, final Class<T> type)
    {
        try
        {
            final Class<?> owner = method.getDeclaringClass();
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            final MethodHandle target = lookup.unreflect(method);
            final boolean isStatic = Modifier.isStatic(method.getModifiers());
            final MethodType samType = MethodType.methodType(void.class, method.getParameterTypes());
            final MethodType factoryType = isStatic ? MethodType.methodType(type) : MethodType.methodType(type, owner);
            final CallSite site = LambdaMetafactory.metafactory(lookup, NAME, factoryType, samType, target, samType);
            final Object function = isStatic ? site.getTarget().invoke() : site.getTarget().invoke(bean);
            return type.cast(function);
        }
        catch (final VirtualMachineError ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            LOGGER.debug(ex, () -> "calling " + method.toGenericString() + " through a method handle: " + ex);
            return null;
        }
    }
}
