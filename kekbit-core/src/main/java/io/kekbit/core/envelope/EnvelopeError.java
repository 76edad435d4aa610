package io.kekbit.core.envelope;

/**
 * Why {@link EnvelopeDecoder#wrap} refused a record. Returned as a value (no exception, no allocation), with the
 * offending byte offset in {@link EnvelopeDecoder#errorOffset()}. Thread-safe (constants).
 */
public enum EnvelopeError
{
    /** The record is shorter than the prefix or does not start with the magic: it is not enveloped. */
    NOT_ENVELOPE("the record does not start with the envelope magic ff 4b 42 45"),
    /** The magic is there but the version is not one this code reads. */
    UNSUPPORTED_VERSION("the envelope version is not supported (this code reads version 1)"),
    /** A length, count, flag or value type is inconsistent with the record. */
    MALFORMED("the envelope is malformed (a length, count, flag or value type does not fit the record)");

    private final String description;

    EnvelopeError(final String description)
    {
        this.description = description;
    }

    /**
     * What the error means, for messages.
     *
     * @return the description.
     */
    public String description()
    {
        return description;
    }
}
