/**
 * A checked stream for proving a deployment: the producer's {@link io.kekbit.sample.orders.load.LoadGenerator}
 * writes numbered records, each carrying a CRC-32C of its bytes, to the channel {@code load} (id 1003) at a chosen
 * rate ({@code POST /load}); the consumer's durable {@code @KekbitListener} checks every record
 * ({@link io.kekbit.sample.orders.load.LoadCheck}: checksum, length, sequence) and counts losses, duplicates and
 * corrupt records ({@code GET /load/summary}). The record format is {@link io.kekbit.sample.orders.load.LoadRecord}.
 */
package io.kekbit.sample.orders.load;
