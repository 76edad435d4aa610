package io.kekbit.spring.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code kekbit.writer.send} timers of the template's sends, tagged like the writer's other meters plus
 * {@code result} ({@code success} or {@code failure}) and {@code exception} ({@code none}, or the simple class name
 * of what the send threw). A success records into a timer registered at binding, found by writer name without
 * allocating; a failure looks its timer up by tags. Sends to writers that were not bound are not timed.
 * Thread-safe: the map is built once and only read.
 */
final class SendTimers implements KekbitTemplate.SendObserver
{
    private static final String NAME = "kekbit.writer.send";
    private static final String DESCRIPTION = "Sends through KekbitTemplate, failed ones included";

    private final MeterRegistry meters;
    private final Map<String, Timer> successes = new HashMap<>();
    private final Map<String, Tags> tags = new HashMap<>();

    SendTimers(final MeterRegistry meters, final Map<String, Writer> writers)
    {
        this.meters = meters;
        writers.forEach((name, writer) ->
        {
            final Tags writerTags = KekbitMetrics.writerTags(name, writer);
            tags.put(name, writerTags);
            successes.put(name, Timer.builder(NAME).tags(writerTags).tag(KekbitMetrics.RESULT, "success")
                .tag(KekbitMetrics.EXCEPTION, "none").description(DESCRIPTION).register(meters));
        });
    }

    /** {@inheritDoc} */
    @Override
    public void sent(final String writerName, final long nanos, final Throwable failure)
    {
        if (failure == null)
        {
            final Timer timer = successes.get(writerName);
            if (timer != null)
            {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }
            return;
        }
        final Tags writerTags = tags.get(writerName);
        if (writerTags != null)
        {
            Timer.builder(NAME).tags(writerTags).tag(KekbitMetrics.RESULT, "failure")
                .tag(KekbitMetrics.EXCEPTION, failure.getClass().getSimpleName()).description(DESCRIPTION)
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
