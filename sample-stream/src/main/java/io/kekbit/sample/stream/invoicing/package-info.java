/**
 * Application 1 of the pipeline: {@code POST /orders} publishes each order to the {@code orders} destination, and the
 * {@code invoice} function turns the orders it consumes into invoices on the {@code invoices} destination.
 */
package io.kekbit.sample.stream.invoicing;
