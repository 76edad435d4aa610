package io.kekbit.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidKekbitPropertyException} at startup: the property, its value, what is wrong, and the
 * allowed values. Thread-safe (stateless).
 */
public class KekbitFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKekbitPropertyException>
{
    /** {@inheritDoc} */
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final InvalidKekbitPropertyException cause)
    {
        return new FailureAnalysis(
            "Invalid kekbit configuration:\n\n    Property: " + cause.getProperty() + "\n    Value: " +
            (cause.getValue() == null ? "(not set)" : cause.getValue()) +
            (cause.getOrigin() == null ? "" : "\n    Origin: " + cause.getOrigin()) +
            "\n    Reason: " + cause.getMessage(),
            "Set " + cause.getProperty() + " to an allowed value: " + cause.getAllowed() + ".",
            cause);
    }
}
