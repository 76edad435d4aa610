package io.kekbit.spring.autoconfigure;

/**
 * A {@code kekbit.*} property is missing or invalid; {@link KekbitFailureAnalyzer} turns it into a startup report
 * naming the property, its value and the allowed values. Thread-safe (immutable).
 */
public class InvalidKekbitPropertyException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param property full property name, such as {@code kekbit.writers.orders.capacity}.
     * @param value    the configured value, or null when missing.
     * @param allowed  what is allowed.
     * @param problem  what is wrong.
     */
    public InvalidKekbitPropertyException(
        final String property, final Object value, final String allowed, final String problem)
    {
        super("invalid kekbit configuration: " + property + "=" + value + ": " + problem + " (allowed: " + allowed +
            ")");
        this.property = property;
        this.value = value == null ? null : String.valueOf(value);
        this.allowed = allowed;
    }

    /**
     * The property.
     *
     * @return the full property name.
     */
    public String getProperty()
    {
        return property;
    }

    /**
     * The configured value.
     *
     * @return the value, or null when missing.
     */
    public String getValue()
    {
        return value;
    }

    /**
     * The allowed values.
     *
     * @return a description of what is allowed.
     */
    public String getAllowed()
    {
        return allowed;
    }
}
