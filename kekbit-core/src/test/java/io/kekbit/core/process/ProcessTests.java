package io.kekbit.core.process;

import java.util.Random;

/**
 * Small helpers shared by the process-level tests. Thread-safe (stateless).
 */
final class ProcessTests
{
    private ProcessTests()
    {
    }

    /**
     * Seed from a system property (to replay a failure), else random; printed by the caller in every failure.
     *
     * @param property name of the system property.
     * @return the seed.
     */
    static long seed(final String property)
    {
        final String value = System.getProperty(property);
        return value != null && !value.isBlank() ? Long.parseLong(value.trim()) : new Random().nextLong();
    }

    /**
     * Integer system property with a default.
     */
    static int intProperty(final String property, final int defaultValue)
    {
        final String value = System.getProperty(property);
        return value != null && !value.isBlank() ? Integer.parseInt(value.trim()) : defaultValue;
    }
}
