/**
 * The kekbit channel API: {@link io.kekbit.core.Kekbit} creates and opens channels, a {@link io.kekbit.core.Writer}
 * appends records, any number of {@link io.kekbit.core.Reader}s poll them in order. Channel files are
 * byte-compatible with the Rust crate kekbit 0.2.3.
 * <p>
 * Hot-path outcomes come back as primitive result codes (see {@link io.kekbit.core.WriteError},
 * {@link io.kekbit.core.ReadError}, {@link io.kekbit.core.InvalidPosition}); create and open failures throw
 * {@link io.kekbit.core.ChannelException}.
 */
package io.kekbit.core;
