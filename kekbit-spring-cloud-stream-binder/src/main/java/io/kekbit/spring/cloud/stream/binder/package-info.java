/**
 * The Spring Cloud Stream binder of type {@code kekbit}: destinations are rolling journals (or channels) on one
 * host, written and read through the kekbit starter's writers and listener containers.
 */
package io.kekbit.spring.cloud.stream.binder;
