/**
 * The messages of the pipeline, shared by its applications: plain records, serialized as JSON by Spring Cloud Stream.
 */
package io.kekbit.sample.stream.model;
