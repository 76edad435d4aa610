/**
 * Write cost per record in CPU time of the writing thread: a plain harness whose results hold up on a busy machine,
 * where JMH's wall-clock throughput mostly measures how much CPU the scheduler gave the benchmark.
 */
package io.kekbit.benchmarks.cpu;
