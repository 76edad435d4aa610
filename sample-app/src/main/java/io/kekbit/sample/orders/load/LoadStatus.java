package io.kekbit.sample.orders.load;

/**
 * State of the {@link LoadGenerator}, served by {@code GET /load} and {@code POST /load}. Immutable, so thread-safe.
 *
 * @param running       whether a run is in progress.
 * @param firstSequence first sequence of the current or last run, 0 before the first run.
 * @param count         records asked for in the current or last run.
 * @param written       records written since the application started, over every run.
 * @param lastSequence  sequence of the last record written, 0 before the first.
 * @param failure       why the last run stopped early (the channel refused a record), or {@code null}.
 */
public record LoadStatus(boolean running, long firstSequence, long count, long written, long lastSequence,
    String failure)
{
}
