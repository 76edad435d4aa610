/**
 * A one-node Kafka broker on this host, for trying the {@code kafka} profile and the bridges where no Kafka is
 * installed. Not for production: it keeps its data in a temporary folder deleted when it stops.
 */
package io.kekbit.sample.stream.broker;
