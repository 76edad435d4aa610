/**
 * JMH throughput benchmarks: kekbit writes, claims and reads, the peers' writes, and the memory-copy floor.
 * Peers' benchmarks add their JVM flags in their own forks only ({@link io.kekbit.benchmarks.PeerFlags}).
 */
package io.kekbit.benchmarks.jmh;
