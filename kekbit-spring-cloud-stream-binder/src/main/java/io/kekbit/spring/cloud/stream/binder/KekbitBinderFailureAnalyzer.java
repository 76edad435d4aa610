package io.kekbit.spring.cloud.stream.binder;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link KekbitBinderException} at startup: the property, what is wrong and the fix. Thread-safe
 * (stateless).
 */
public class KekbitBinderFailureAnalyzer extends AbstractFailureAnalyzer<KekbitBinderException>
{
    /** {@inheritDoc} */
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final KekbitBinderException cause)
    {
        return new FailureAnalysis(
            "The kekbit Spring Cloud Stream binder cannot bind as configured by " + cause.getProperty() + ":\n\n    " +
                cause.getProblem(),
            cause.getAction(),
            cause);
    }
}
