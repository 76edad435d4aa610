package io.kekbit.cli;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeDescriptor;

/**
 * Prints the headers of an enveloped record ({@code docs/envelope.md}) as one JSON object:
 * {@code {"contentType":"text/plain","attempt":2,"raw":{"bytes":"0102"}}}: a string value as a JSON string, a long as
 * a number, bytes as an object holding their hex. Thread-safe (static, stateless).
 */
final class EnvelopeText
{
    private EnvelopeText()
    {
    }

    /**
     * Appends the headers of a wrapped envelope.
     *
     * @param sb      where to append.
     * @param decoder a decoder wrapped on a valid envelope; its cursor is moved.
     */
    static void appendHeaders(final StringBuilder sb, final EnvelopeDecoder decoder)
    {
        sb.append('{');
        decoder.rewind();
        boolean first = true;
        while (decoder.next())
        {
            if (!first)
            {
                sb.append(',');
            }
            first = false;
            PayloadFormat.appendJsonString(sb, decoder.key());
            sb.append(':');
            switch (decoder.valueType())
            {
                case EnvelopeDescriptor.TYPE_LONG:
                    sb.append(decoder.longValue());
                    break;
                case EnvelopeDescriptor.TYPE_STRING:
                    PayloadFormat.appendJsonString(sb, decoder.stringValue());
                    break;
                default:
                    final byte[] bytes = decoder.bytesValue();
                    sb.append("{\"bytes\":\"");
                    PayloadFormat.appendHex(sb, bytes, bytes.length);
                    sb.append("\"}");
                    break;
            }
        }
        sb.append('}');
    }
}
