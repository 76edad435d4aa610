/**
 * A child-JVM application with Brave tracing, for the cross-process tracing test; its own package so that no other
 * test application scans it.
 */
package io.kekbit.spring.observation.tracing;
