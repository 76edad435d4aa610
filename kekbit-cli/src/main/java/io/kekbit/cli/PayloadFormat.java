package io.kekbit.cli;

import io.kekbit.journal.JournalPosition;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How {@code dump} and {@code tail} print a record. Record lines are {@code POSITION<TAB>LENGTH<TAB>PAYLOAD} for
 * {@link #TEXT} and {@link #HEX}, one JSON object per line for {@link #JSON}. Thread-safe (stateless).
 */
enum PayloadFormat
{
    /**
     * Payload as UTF-8 text. A backslash becomes {@code \\}; tab, newline and carriage return become {@code \t},
     * {@code \n}, {@code \r}; other ASCII control characters and DEL become {@code \xHH}; C1 control characters
     * become {@code \u0085} style escapes; bytes that are not valid UTF-8 become {@code \xHH} (always 80..ff).
     */
    TEXT,
    /** Payload as lower-case hex, two digits per byte. */
    HEX,
    /**
     * One JSON object per record: {@code {"position":8,"length":5,"hex":"5468657265","text":"There"}}, where
     * {@code text} is null when the payload is not valid UTF-8. The final line is {@code {"end":"CLOSED"}}.
     */
    JSON;

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Appends a record line, without the line separator.
     *
     * @param sb       where to append.
     * @param bytes    array holding the payload from index 0.
     * @param length   payload length.
     * @param position data position of the record.
     */
    void appendRecord(final StringBuilder sb, final byte[] bytes, final int length, final long position)
    {
        appendRecord(sb, bytes, length, position, false);
    }

    /**
     * Appends a record line, without the line separator. For a journal record, {@link #TEXT} and {@link #HEX} print
     * the position as {@code SEGMENT:OFFSET}; {@link #JSON} prints the 64-bit journal position and adds
     * {@code "segment"} and {@code "offset"}: {@code {"position":12884901896,"segment":3,"offset":8,...}}.
     *
     * @param sb       where to append.
     * @param bytes    array holding the payload from index 0.
     * @param length   payload length.
     * @param position data position of the record, or its journal position.
     * @param journal  whether {@code position} is a journal position.
     */
    void appendRecord(
        final StringBuilder sb, final byte[] bytes, final int length, final long position, final boolean journal)
    {
        if (this == JSON)
        {
            sb.append("{\"position\":").append(position);
            if (journal)
            {
                sb.append(",\"segment\":").append(JournalPosition.segment(position))
                    .append(",\"offset\":").append(JournalPosition.offset(position));
            }
            sb.append(",\"length\":").append(length).append(",\"hex\":\"");
            appendHex(sb, bytes, length);
            sb.append("\",\"text\":");
            final String text = strictUtf8(bytes, length);
            if (text == null)
            {
                sb.append("null");
            }
            else
            {
                appendJsonString(sb, text);
            }
            sb.append('}');
            return;
        }
        if (journal)
        {
            sb.append(JournalPosition.segment(position)).append(':').append(JournalPosition.offset(position));
        }
        else
        {
            sb.append(position);
        }
        sb.append('\t').append(length).append('\t');
        if (this == HEX)
        {
            appendHex(sb, bytes, length);
        }
        else
        {
            appendEscapedText(sb, bytes, length);
        }
    }

    /**
     * Appends the final line, without the line separator.
     *
     * @param sb     where to append.
     * @param status CLOSED, CHANNEL_FULL, TIMEOUT, FAILED, WATERMARK or MAX.
     */
    void appendEnd(final StringBuilder sb, final String status)
    {
        if (this == JSON)
        {
            sb.append("{\"end\":\"").append(status).append("\"}");
        }
        else
        {
            sb.append("END\t").append(status);
        }
    }

    static void appendHex(final StringBuilder sb, final byte[] bytes, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            sb.append(HEX_DIGITS[(bytes[i] >> 4) & 0xF]).append(HEX_DIGITS[bytes[i] & 0xF]);
        }
    }

    static void appendEscapedText(final StringBuilder sb, final byte[] bytes, final int length)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        final CharBuffer out = CharBuffer.allocate(Math.max(16, length));
        while (true)
        {
            final CoderResult result = decoder.decode(in, out, true);
            out.flip();
            appendEscapedChars(sb, out);
            out.clear();
            if (result.isError())
            {
                for (int i = 0; i < result.length(); i++)
                {
                    appendByteEscape(sb, in.get());
                }
            }
            else if (result.isUnderflow())
            {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        appendEscapedChars(sb, out);
    }

    private static void appendEscapedChars(final StringBuilder sb, final CharBuffer chars)
    {
        while (chars.hasRemaining())
        {
            final char c = chars.get();
            switch (c)
            {
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        appendByteEscape(sb, (byte)c);
                    }
                    else if (c >= 0x80 && c <= 0x9F)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
    }

    private static void appendByteEscape(final StringBuilder sb, final byte b)
    {
        sb.append("\\x").append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
    }

    /**
     * Decodes strict UTF-8.
     *
     * @param bytes  array holding the bytes from index 0.
     * @param length number of bytes.
     * @return the text, or null when the bytes are not valid UTF-8.
     */
    static String strictUtf8(final byte[] bytes, final int length)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length))
                .toString();
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            return null;
        }
    }

    /**
     * Appends a JSON string literal.
     *
     * @param sb   where to append.
     * @param text the text.
     */
    static void appendJsonString(final StringBuilder sb, final String text)
    {
        sb.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
