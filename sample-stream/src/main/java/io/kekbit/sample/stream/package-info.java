/**
 * One Spring Cloud Stream pipeline ({@code orders -> invoice -> invoices -> audit}) that runs on the kekbit binder on
 * one host or on the Kafka binder across hosts, chosen by a profile, and the two bridges between the binders. Each
 * subpackage holds one application: {@link io.kekbit.sample.stream.invoicing}, {@link io.kekbit.sample.stream.audit},
 * {@link io.kekbit.sample.stream.bridge}; {@link io.kekbit.sample.stream.broker} is a local Kafka broker to try the
 * Kafka profile without an installed Kafka.
 */
package io.kekbit.sample.stream;
