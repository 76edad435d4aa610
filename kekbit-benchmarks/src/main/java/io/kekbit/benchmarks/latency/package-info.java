/**
 * Latency harness: one-way paced latency (corrected for coordinated omission) and ping-pong round trips, in one
 * process and between two JVMs, over interchangeable {@link io.kekbit.benchmarks.latency.Transport}s.
 */
package io.kekbit.benchmarks.latency;
