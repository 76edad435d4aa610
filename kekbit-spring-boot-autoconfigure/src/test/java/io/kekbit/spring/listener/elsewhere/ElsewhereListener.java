package io.kekbit.spring.listener.elsewhere;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener bean in another package than the listener infrastructure, with package-private methods, as user code
 * often is; also loaded into a separate class loader by the tests. Not thread-safe.
 */
public class ElsewhereListener
{
    /** What the methods received. */
    public final List<Object> received = new ArrayList<>();

    void onBuffer(final ByteBuffer payload)
    {
        received.add("buffer:" + payload.remaining());
    }

    int onBufferAt(final ByteBuffer payload, final long position)
    {
        received.add("buffer:" + payload.remaining() + "@" + position);
        return 1;
    }

    void onBytes(final byte[] payload)
    {
        received.add("bytes:" + payload.length);
    }

    void onString(final String payload)
    {
        if (payload.startsWith("fail"))
        {
            throw new IllegalStateException(payload);
        }
        received.add("string:" + payload);
    }

    static void onStatic(final String payload)
    {
        STATIC.add(payload);
    }

    /** What the static method received. */
    public static final List<Object> STATIC = new ArrayList<>();
}
