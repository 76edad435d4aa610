/**
 * Application 2 of the pipeline: the {@code audit} consumer appends one line per invoice to an audit file.
 */
package io.kekbit.sample.stream.audit;
