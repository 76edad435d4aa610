package io.kekbit.sample.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.sample.stream.bridge.PositionFilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a consumer of an at-least-once bridge sees, checked the way the sample README tells a consumer to read it:
 * records are kept by their key (a journal position, a Kafka offset) through a {@link PositionFilter}, each duplicate
 * must repeat the record first kept under its key, and each run of consecutive duplicates is a replay (what one
 * restart sent again). Not thread-safe: one test thread feeds it.
 */
final class Deliveries
{
    private final String keyName;
    private final PositionFilter filter = new PositionFilter();
    private final Map<Long, String> firstByKey = new HashMap<>();
    private final List<String> kept = new ArrayList<>();
    private final List<Integer> replays = new ArrayList<>();
    private int replay;

    /**
     * Creates an empty check.
     *
     * @param keyName what the key is, for assertion messages (e.g. {@code position}).
     */
    Deliveries(final String keyName)
    {
        this.keyName = keyName;
    }

    /**
     * Takes the next record received.
     *
     * @param key  its key, increasing along the source.
     * @param text its payload.
     */
    void add(final long key, final String text)
    {
        if (filter.accept(key))
        {
            endReplay();
            firstByKey.put(key, text);
            kept.add(text);
        }
        else
        {
            replay++;
            assertThat(text).as("duplicate at %s %d", keyName, key).isEqualTo(firstByKey.get(key));
        }
    }

    /**
     * The records kept, in order: each key once.
     *
     * @return the payloads.
     */
    List<String> kept()
    {
        return kept;
    }

    /**
     * The replays: the lengths of the runs of duplicates, in order.
     *
     * @return the lengths.
     */
    List<Integer> replays()
    {
        endReplay();
        return replays;
    }

    private void endReplay()
    {
        if (replay > 0)
        {
            replays.add(replay);
            replay = 0;
        }
    }
}
