package io.kekbit.spring.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

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
    private final String problem;
    private final String origin;

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
        this(property, asWritten(value), allowed, problem, null);
    }

    /**
     * A bound value as a user writes it: {@code 30s} rather than {@code PT30S}, {@code 8KB} rather than
     * {@code 8192B}.
     */
    private static String asWritten(final Object value)
    {
        if (value instanceof Duration)
        {
            return KekbitPropertiesValidator.duration((Duration)value);
        }
        if (value instanceof DataSize)
        {
            return KekbitPropertiesValidator.size(((DataSize)value).toBytes());
        }
        return value == null ? null : String.valueOf(value);
    }

    private InvalidKekbitPropertyException(
        final String property, final String value, final String allowed, final String problem, final String origin)
    {
        super("invalid kekbit configuration: " + property + "=" + value + ": " + problem + " (allowed: " + allowed +
            ")");
        this.property = property;
        this.value = value;
        this.allowed = allowed;
        this.problem = problem;
        this.origin = origin;
    }

    /**
     * The same report with the value as the user wrote it (such as {@code 8KB} rather than {@code 8192B}) and where
     * it was written.
     *
     * @param written the value as written in its property source.
     * @param origin  the property's origin (file and line, for example), or null when unknown.
     * @return a new exception.
     */
    public InvalidKekbitPropertyException withSource(final String written, final String origin)
    {
        final InvalidKekbitPropertyException located =
            new InvalidKekbitPropertyException(property, written, allowed, problem, origin);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /**
     * Where the property was set.
     *
     * @return the origin, such as {@code class path resource [application.yaml] - 12:17}, or null when unknown.
     */
    public String getOrigin()
    {
        return origin;
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

    /**
     * What is wrong with the value.
     *
     * @return the problem, such as {@code missing} or {@code not an unsigned 64-bit number}.
     */
    public String getProblem()
    {
        return problem;
    }
}
