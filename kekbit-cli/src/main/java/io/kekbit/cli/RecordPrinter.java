package io.kekbit.cli;

import io.kekbit.core.RecordHandler;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeError;

import java.io.PrintWriter;
import java.nio.ByteBuffer;

/**
 * Prints each record it receives as one line in a {@link PayloadFormat}. Not thread-safe: one per reader.
 * <p>
 * Every {@value #CHECK_EVERY} records it checks whether the output still works (for example {@code | head} exited),
 * so a dump of a large channel into a closed pipe stops instead of reading to the end.
 * <p>
 * Enveloped records ({@code docs/envelope.md}): with {@code --envelope} every record is decoded and printed with its
 * headers, and a record that is not a valid envelope is printed raw with the reason. Without it, a record that starts
 * with the envelope magic and decodes is printed with its headers marked as a guess ({@code envelope?}): the magic
 * is a hint, not proof, since the channel file does not say whether its records are enveloped.
 */
final class RecordPrinter implements RecordHandler
{
    private static final int CHECK_EVERY = 256;

    private final PrintWriter out;
    private final PayloadFormat format;
    private final boolean journal;
    private final boolean envelope;
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private final StringBuilder headers = new StringBuilder(128);
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = new byte[256];
    private long records;
    private boolean outputClosed;

    RecordPrinter(final PrintWriter out, final PayloadFormat format)
    {
        this(out, format, false);
    }

    /**
     * Creates a printer.
     *
     * @param out     where to print.
     * @param format  line format.
     * @param journal whether record positions are journal positions (printed as {@code SEGMENT:OFFSET}).
     */
    RecordPrinter(final PrintWriter out, final PayloadFormat format, final boolean journal)
    {
        this(out, format, journal, false);
    }

    /**
     * Creates a printer.
     *
     * @param out      where to print.
     * @param format   line format.
     * @param journal  whether record positions are journal positions (printed as {@code SEGMENT:OFFSET}).
     * @param envelope whether the records are known to carry the kekbit envelope ({@code --envelope}).
     */
    RecordPrinter(final PrintWriter out, final PayloadFormat format, final boolean journal, final boolean envelope)
    {
        this.out = out;
        this.format = format;
        this.journal = journal;
        this.envelope = envelope;
    }

    @Override
    public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (bytes.length < length)
        {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        line.setLength(0);
        final boolean guess = !envelope && EnvelopeDecoder.hasMagic(buffer, offset, length);
        final EnvelopeError error = envelope || guess ? decoder.wrap(buffer, offset, length) : null;
        if ((envelope || guess) && error == null)
        {
            headers.setLength(0);
            EnvelopeText.appendHeaders(headers, decoder);
            final int bodyLength = decoder.bodyLength();
            buffer.get(decoder.bodyOffset(), bytes, 0, bodyLength);
            format.appendEnvelope(line, headers, guess, bytes, bodyLength, length, position, journal);
        }
        else
        {
            buffer.get(offset, bytes, 0, length);
            if (envelope)
            {
                format.appendInvalidEnvelope(line, error.name() + " at byte " + (decoder.errorOffset() - offset),
                    bytes, length, position, journal);
            }
            else
            {
                format.appendRecord(line, bytes, length, position, journal);
            }
        }
        out.println(line);
        if (++records % CHECK_EVERY == 0 && out.checkError())
        {
            outputClosed = true;
        }
    }

    /**
     * Flushes the output and checks it.
     *
     * @return true when the output failed (closed pipe): stop printing.
     */
    boolean flushAndCheck()
    {
        outputClosed |= out.checkError();
        return outputClosed;
    }

    /**
     * Whether a periodic check found the output failed (closed pipe).
     *
     * @return true when printing should stop.
     */
    boolean outputClosed()
    {
        return outputClosed;
    }

    /**
     * Prints the final line.
     *
     * @param status CLOSED, CHANNEL_FULL, TIMEOUT, FAILED, WATERMARK or MAX.
     */
    void end(final String status)
    {
        line.setLength(0);
        format.appendEnd(line, status);
        out.println(line);
        out.flush();
    }

    /**
     * Records printed so far.
     *
     * @return the count.
     */
    long records()
    {
        return records;
    }
}
