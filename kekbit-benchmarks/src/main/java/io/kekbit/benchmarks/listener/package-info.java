/**
 * Listener overhead: records per second through {@code @KekbitListener} methods against the raw reader loop.
 */
package io.kekbit.benchmarks.listener;
