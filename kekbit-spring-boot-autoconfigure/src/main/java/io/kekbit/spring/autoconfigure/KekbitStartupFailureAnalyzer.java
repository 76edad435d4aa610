package io.kekbit.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link KekbitStartupException} at startup: what failed, why, and what to do. Thread-safe (stateless).
 */
public class KekbitStartupFailureAnalyzer extends AbstractFailureAnalyzer<KekbitStartupException>
{
    /** {@inheritDoc} */
    @Override
    protected FailureAnalysis analyze(final Throwable rootFailure, final KekbitStartupException cause)
    {
        return new FailureAnalysis(
            "kekbit could not start " + cause.getSubject() + ":\n\n    " + cause.getProblem(),
            cause.getAction(),
            cause);
    }
}
