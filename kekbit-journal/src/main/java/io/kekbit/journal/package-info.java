/**
 * Rolling journals: an unbounded record stream stored as a sequence of ordinary kekbit channels (segments).
 * <p>
 * Segment {@code n} of journal {@code j} is the channel with id {@code (j << 32) | n}, so all segments of a journal
 * share one folder ({@link io.kekbit.core.layout.StorageDescriptor}) and any kekbit tool can open one on its own.
 * {@link io.kekbit.journal.JournalWriter} rolls to the next segment when a record does not fit;
 * {@link io.kekbit.journal.JournalReader} follows the segments in order; {@link io.kekbit.journal.RetentionPolicy}
 * deletes old segments without ever taking one a registered durable reader still needs, unless forced.
 * {@link io.kekbit.journal.Journal} is the entry point.
 */
package io.kekbit.journal;
