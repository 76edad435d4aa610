/**
 * Bridges between the kekbit and the Kafka binders, in one function application with both binders: {@code mirror}
 * copies a kekbit journal into a Kafka topic, {@code feed} copies a Kafka topic into a local kekbit journal. Both are
 * at-least-once; the headers each adds let a consumer drop the duplicates a restart can bring
 * ({@link io.kekbit.sample.stream.bridge.PositionFilter}).
 */
package io.kekbit.sample.stream.bridge;
