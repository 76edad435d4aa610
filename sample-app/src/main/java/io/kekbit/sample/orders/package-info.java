/**
 * Order journal sample: orders posted over HTTP are written to the kekbit channel {@code orders} with the
 * starter's {@code KekbitTemplate}, and a {@code @KekbitListener} folds them into an in-memory {@link
 * io.kekbit.sample.orders.OrderView} served over HTTP. The {@code producer} and {@code consumer} profiles split the two
 * halves into separate processes that share the channel's root folder. Each order is also audited on a rolling
 * journal: see {@link io.kekbit.sample.orders.audit}.
 */
package io.kekbit.sample.orders;
