/**
 * The bridge's throughput harness ({@link io.kekbit.sample.stream.bench.BridgeThroughput}) and the journal writer it
 * and the bridge's crash test feed the bridge with ({@link io.kekbit.sample.stream.bench.SourceWriter}).
 */
package io.kekbit.sample.stream.bench;
