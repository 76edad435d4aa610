package io.kekbit.core.envelope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * UTF-8 and little-endian helpers over any {@link ByteBuffer}, whatever its byte order, without allocating. A lone
 * surrogate is encoded as {@code ?}, as {@link String#getBytes(java.nio.charset.Charset)} does. Thread-safe
 * (static, stateless).
 */
final class Utf8
{
    private Utf8()
    {
    }

    /**
     * Encoded length of text.
     *
     * @param text the text.
     * @return bytes in UTF-8.
     */
    static int length(final CharSequence text)
    {
        final int n = text.length();
        int bytes = 0;
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                bytes++;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                bytes++;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Encodes text with absolute puts.
     *
     * @param buffer where to write.
     * @param index  index of the first byte.
     * @param text   the text.
     * @return bytes written.
     */
    static int put(final ByteBuffer buffer, final int index, final CharSequence text)
    {
        final int n = text.length();
        int at = index;
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                buffer.put(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.put(at++, (byte)(0xC0 | (c >> 6)));
                buffer.put(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer.put(at++, (byte)(0xF0 | (cp >> 18)));
                buffer.put(at++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                buffer.put(at++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                buffer.put(at++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.put(at++, (byte)'?');
            }
            else
            {
                buffer.put(at++, (byte)(0xE0 | (c >> 12)));
                buffer.put(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.put(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return at - index;
    }

    /**
     * Whether bytes are the UTF-8 encoding of text, compared without decoding.
     *
     * @param buffer buffer holding the bytes.
     * @param index  index of the first byte.
     * @param length number of bytes.
     * @param text   the text.
     * @return true when equal.
     */
    static boolean equals(final ByteBuffer buffer, final int index, final int length, final CharSequence text)
    {
        final int n = text.length();
        final int end = index + length;
        int at = index;
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                if (at >= end || buffer.get(at++) != (byte)c)
                {
                    return false;
                }
                continue;
            }
            final int cp;
            final int size;
            if (c < 0x800)
            {
                cp = c;
                size = 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                cp = Character.toCodePoint(c, text.charAt(++i));
                size = 4;
            }
            else if (Character.isSurrogate(c))
            {
                cp = '?';
                size = 1;
            }
            else
            {
                cp = c;
                size = 3;
            }
            if (at + size > end || !matches(buffer, at, cp, size))
            {
                return false;
            }
            at += size;
        }
        return at == end;
    }

    private static boolean matches(final ByteBuffer buffer, final int at, final int cp, final int size)
    {
        switch (size)
        {
            case 1:
                return buffer.get(at) == (byte)cp;
            case 2:
                return buffer.get(at) == (byte)(0xC0 | (cp >> 6)) && buffer.get(at + 1) == (byte)(0x80 | (cp & 0x3F));
            case 3:
                return buffer.get(at) == (byte)(0xE0 | (cp >> 12)) &&
                    buffer.get(at + 1) == (byte)(0x80 | ((cp >> 6) & 0x3F)) &&
                    buffer.get(at + 2) == (byte)(0x80 | (cp & 0x3F));
            default:
                return buffer.get(at) == (byte)(0xF0 | (cp >> 18)) &&
                    buffer.get(at + 1) == (byte)(0x80 | ((cp >> 12) & 0x3F)) &&
                    buffer.get(at + 2) == (byte)(0x80 | ((cp >> 6) & 0x3F)) &&
                    buffer.get(at + 3) == (byte)(0x80 | (cp & 0x3F));
        }
    }

    static int getIntLE(final ByteBuffer buffer, final int index)
    {
        final int value = buffer.getInt(index);
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    static void putIntLE(final ByteBuffer buffer, final int index, final int value)
    {
        buffer.putInt(index, buffer.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    static int getU16LE(final ByteBuffer buffer, final int index)
    {
        return (buffer.get(index) & 0xFF) | (buffer.get(index + 1) & 0xFF) << 8;
    }

    static void putU16LE(final ByteBuffer buffer, final int index, final int value)
    {
        buffer.put(index, (byte)value);
        buffer.put(index + 1, (byte)(value >>> 8));
    }

    static long getLongLE(final ByteBuffer buffer, final int index)
    {
        final long value = buffer.getLong(index);
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    static void putLongLE(final ByteBuffer buffer, final int index, final long value)
    {
        buffer.putLong(index, buffer.order() == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }
}
