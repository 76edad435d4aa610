package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;

import io.kekbit.spring.listener.elsewhere.ElsewhereListener;

import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

/**
 * The functions generated for the common listener signatures call the method directly (a class generated in the
 * bean's package, nested with the bean's class), and fall back to a method handle when the bean's class is in
 * another class loader's module, where the metafactory cannot be used.
 */
class ListenerFunctionsTests
{
    private final ElsewhereListener bean = new ElsewhereListener();

    private static Method method(final Class<?> type, final String name, final Class<?>... parameters)
    {
        final Method method = ReflectionUtils.findMethod(type, name, parameters);
        assertThat(method).as(name).isNotNull();
        ReflectionUtils.makeAccessible(method);
        return method;
    }

    @Test
    void shouldGenerateFunctionsNestedWithTheBeanClass() throws Throwable
    {
        final ListenerFunctions.OnBuffer onBuffer =
            ListenerFunctions.onBuffer(bean, method(ElsewhereListener.class, "onBuffer", ByteBuffer.class));
        final ListenerFunctions.OnBufferPosition onBufferAt = ListenerFunctions.onBufferPosition(bean,
            method(ElsewhereListener.class, "onBufferAt", ByteBuffer.class, long.class));
        final ListenerFunctions.OnBytes onBytes =
            ListenerFunctions.onBytes(bean, method(ElsewhereListener.class, "onBytes", byte[].class));
        final ListenerFunctions.OnString onString =
            ListenerFunctions.onString(bean, method(ElsewhereListener.class, "onString", String.class));

        onBuffer.onRecord(ByteBuffer.allocate(3));
        onBufferAt.onRecord(ByteBuffer.allocate(4), 64);
        onBytes.onRecord(new byte[5]);
        onString.onRecord("six");

        assertThat(bean.received).containsExactly("buffer:3", "buffer:4@64", "bytes:5", "string:six");
        for (final Object function : List.of(onBuffer, onBufferAt, onBytes, onString))
        {
            assertThat(function.getClass().getNestHost()).as("nest host of %s", function.getClass())
                .isEqualTo(ElsewhereListener.class);
        }
    }

    @Test
    void shouldGenerateFunctionForStaticMethod() throws Throwable
    {
        final ListenerFunctions.OnString onStatic =
            ListenerFunctions.onString(null, method(ElsewhereListener.class, "onStatic", String.class));

        onStatic.onRecord("static");

        assertThat(ElsewhereListener.STATIC).contains("static");
        assertThat(onStatic.getClass().getNestHost()).isEqualTo(ElsewhereListener.class);
    }

    @Test
    void shouldPassExceptionsThrough()
    {
        final ListenerFunctions.OnString onString =
            ListenerFunctions.onString(bean, method(ElsewhereListener.class, "onString", String.class));

        assertThatThrownBy(() -> onString.onRecord("fail here")).isInstanceOf(IllegalStateException.class)
            .hasMessage("fail here");
    }

    @Test
    void shouldFallBackToMethodHandleForClassOfAnotherClassLoader() throws Throwable
    {
        final Class<?> foreign = new IsolatingClassLoader(ElsewhereListener.class).loadClass(
            ElsewhereListener.class.getName());
        assertThat(foreign).isNotEqualTo(ElsewhereListener.class);
        final Object foreignBean = foreign.getConstructor().newInstance();

        final ListenerFunctions.OnBuffer onBuffer =
            ListenerFunctions.onBuffer(foreignBean, method(foreign, "onBuffer", ByteBuffer.class));
        final ListenerFunctions.OnBufferPosition onBufferAt = ListenerFunctions.onBufferPosition(foreignBean,
            method(foreign, "onBufferAt", ByteBuffer.class, long.class));
        final ListenerFunctions.OnBytes onBytes =
            ListenerFunctions.onBytes(foreignBean, method(foreign, "onBytes", byte[].class));
        final ListenerFunctions.OnString onString =
            ListenerFunctions.onString(foreignBean, method(foreign, "onString", String.class));
        onBuffer.onRecord(ByteBuffer.allocate(3));
        onBufferAt.onRecord(ByteBuffer.allocate(4), 64);
        onBytes.onRecord(new byte[5]);
        onString.onRecord("six");

        assertThat(foreign.getField("received").get(foreignBean))
            .isEqualTo(List.of("buffer:3", "buffer:4@64", "bytes:5", "string:six"));
        for (final Object function : List.of(onBuffer, onBufferAt, onBytes, onString))
        {
            assertThat(function.getClass().getNestHost()).as("nest host of %s", function.getClass())
                .isEqualTo(ListenerFunctions.class);
        }
        assertThatThrownBy(() -> onString.onRecord("fail too")).isInstanceOf(IllegalStateException.class)
            .hasMessage("fail too");
    }

    /** Loads one class itself (so it is in this loader's unnamed module), everything else from the parent. */
    private static final class IsolatingClassLoader extends ClassLoader
    {
        private final Class<?> isolated;

        IsolatingClassLoader(final Class<?> isolated)
        {
            super(isolated.getClassLoader());
            this.isolated = isolated;
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            if (!name.equals(isolated.getName()))
            {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name))
            {
                final Class<?> loaded = findLoadedClass(name);
                if (loaded != null)
                {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class"))
                {
                    final byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                }
                catch (final IOException ex)
                {
                    throw new ClassNotFoundException(name, ex);
                }
            }
        }
    }
}
