/**
 * Auto-configuration of kekbit Micrometer metrics.
 */
package io.kekbit.spring.autoconfigure.metrics;
