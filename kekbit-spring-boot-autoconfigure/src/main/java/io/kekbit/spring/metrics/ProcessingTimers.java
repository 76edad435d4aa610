package io.kekbit.spring.metrics;

import java.util.concurrent.TimeUnit;

import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitListenerExecutionException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code kekbit.listener.processing} timers of one listener, tagged like its other meters plus {@code result}
 * ({@code success} or {@code failure}) and {@code exception} ({@code none}, or the simple class name of the
 * listener's own exception, unwrapped from {@link KekbitListenerExecutionException}, or of a conversion error). A
 * success records into a timer registered at binding, with no allocation; a failure looks its timer up by tags.
 * Thread-safe; called on the listener's poll thread.
 */
final class ProcessingTimers implements KekbitListenerContainer.ProcessingObserver
{
    private static final String NAME = "kekbit.listener.processing";
    private static final String DESCRIPTION = "Deliveries to the listener (each retry counts), failed ones included";

    private final MeterRegistry meters;
    private final Tags tags;
    private final Timer success;

    ProcessingTimers(final MeterRegistry meters, final Tags tags)
    {
        this.meters = meters;
        this.tags = tags;
        this.success = Timer.builder(NAME).tags(tags).tag(KekbitMetrics.RESULT, "success")
            .tag(KekbitMetrics.EXCEPTION, "none").description(DESCRIPTION).register(meters);
    }

    /** {@inheritDoc} */
    @Override
    public void processed(final long nanos, final Throwable failure)
    {
        if (failure == null)
        {
            success.record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        final Throwable cause = failure instanceof KekbitListenerExecutionException && failure.getCause() != null ?
            failure.getCause() : failure;
        Timer.builder(NAME).tags(tags).tag(KekbitMetrics.RESULT, "failure")
            .tag(KekbitMetrics.EXCEPTION, cause.getClass().getSimpleName()).description(DESCRIPTION)
            .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }
}
