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
 * {@link #TEXT} and {@link #HEX}, one JSON object per line for {@link #JSON}. An enveloped record adds its headers:
 * {@code POSITION<TAB>LENGTH<TAB>envelope {"k":"v"}<TAB>BODY} ({@code envelope?} when guessed from the magic), or in
 * JSON {@code "envelope":"yes"|"guess","headers":{...}} with {@code hex} and {@code text} holding the body; a record
 * that is not a valid envelope under {@code --envelope} is {@code POSITION<TAB>LENGTH<TAB>not-envelope REASON<TAB>
 * PAYLOAD}, or in JSON {@code "envelope":"invalid","envelopeError":"REASON"}. LENGTH is always the whole record's.
 * Thread-safe (stateless).
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
        appendPosition(sb, position, journal);
        appendLength(sb, length);
        appendPayload(sb, bytes, length);
    }

    /**
     * Appends the line of an enveloped record, without the line separator.
     *
     * @param sb         where to append.
     * @param headers    the headers as a JSON object.
     * @param guess      whether the envelope was guessed from the magic rather than configured.
     * @param body       array holding the body from index 0.
     * @param bodyLength body length.
     * @param length     whole record length.
     * @param position   data position of the record, or its journal position.
     * @param journal    whether {@code position} is a journal position.
     */
    void appendEnvelope(final StringBuilder sb, final CharSequence headers, final boolean guess, final byte[] body,
        final int bodyLength, final int length, final long position, final boolean journal)
    {
        appendPosition(sb, position, journal);
        appendLength(sb, length);
        if (this == JSON)
        {
            sb.append(",\"envelope\":\"").append(guess ? "guess" : "yes").append("\",\"headers\":").append(headers)
                .append(",\"bodyLength\":").append(bodyLength);
        }
        else
        {
            sb.append(guess ? "envelope? " : "envelope ").append(headers).append('\t');
        }
        appendPayload(sb, body, bodyLength);
    }

    /**
     * Appends the line of a record that is not a valid envelope on a channel said to be enveloped.
     *
     * @param sb       where to append.
     * @param reason   why it is not a valid envelope.
     * @param bytes    array holding the payload from index 0.
     * @param length   payload length.
     * @param position data position of the record, or its journal position.
     * @param journal  whether {@code position} is a journal position.
     */
    void appendInvalidEnvelope(final StringBuilder sb, final String reason, final byte[] bytes, final int length,
        final long position, final boolean journal)
    {
        appendPosition(sb, position, journal);
        appendLength(sb, length);
        if (this == JSON)
        {
            sb.append(",\"envelope\":\"invalid\",\"envelopeError\":");
            appendJsonString(sb, reason);
        }
        else
        {
            sb.append("not-envelope ").append(reason).append('\t');
        }
        appendPayload(sb, bytes, length);
    }

    private void appendPosition(final StringBuilder sb, final long position, final boolean journal)
    {
        if (this == JSON)
        {
            sb.append("{\"position\":").append(position);
            if (journal)
            {
                sb.append(",\"segment\":").append(JournalPosition.segment(position))
                    .append(",\"offset\":").append(JournalPosition.offset(position));
            }
        }
        else if (journal)
        {
            sb.append(JournalPosition.segment(position)).append(':').append(JournalPosition.offset(position));
        }
        else
        {
            sb.append(position);
        }
    }

    private void appendLength(final StringBuilder sb, final int length)
    {
        if (this == JSON)
        {
            sb.append(",\"length\":").append(length);
        }
        else
        {
            sb.append('\t').append(length).append('\t');
        }
    }

    private void appendPayload(final StringBuilder sb, final byte[] bytes, final int length)
    {
        if (this == JSON)
        {
            sb.append(",\"hex\":\"");
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
        }
        else if (this == HEX)
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
