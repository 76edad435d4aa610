package io.kekbit.spring.cloud.stream.binder.properties;

/**
 * What a destination is on disk. Thread-safe (immutable).
 */
public enum DestinationKind
{
    /**
     * A rolling journal: a folder of fixed-size segments that grows as records arrive and is trimmed by retention;
     * the default, since a stream has no fixed end.
     */
    JOURNAL,
    /**
     * One fixed-capacity channel file: once it is full (or its writer closes it), nothing more can be written and
     * consumers stop.
     */
    CHANNEL
}
