/**
 * Roll latency of rolling journals: {@link io.kekbit.benchmarks.journal.JournalRollLatency} compares the latency of
 * writes that roll to a new segment with writes inside a segment.
 */
package io.kekbit.benchmarks.journal;
