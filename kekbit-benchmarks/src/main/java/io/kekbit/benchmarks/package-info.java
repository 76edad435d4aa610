/**
 * Benchmarks of kekbit against Chronicle Queue, Aeron IPC and Agrona's ring buffer, and the comparison runner
 * ({@link io.kekbit.benchmarks.Comparison}) that prints one table with ratios to the best peer. Not API.
 */
package io.kekbit.benchmarks;
