/**
 * Micrometer metrics of kekbit writers and listeners, read when metrics are scraped.
 */
package io.kekbit.spring.metrics;
