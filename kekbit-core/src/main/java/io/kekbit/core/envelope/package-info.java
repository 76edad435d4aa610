/**
 * The opt-in record envelope: headers and a body inside one kekbit record, readable without Spring.
 * {@link io.kekbit.core.envelope.EnvelopeDescriptor} is the written spec of its bytes,
 * {@link io.kekbit.core.envelope.EnvelopeEncoder} writes an envelope into a claim, a writer or an array, and
 * {@link io.kekbit.core.envelope.EnvelopeDecoder} is a flyweight that reads headers and finds the body in place.
 * <p>
 * The envelope is a convention between a writer and its readers, not a channel property: nothing in the channel
 * file says whether its records are enveloped. Both sides must be configured for it. A channel whose writer does not
 * use the envelope stays raw and byte-compatible with the Rust crate kekbit 0.2.3.
 */
package io.kekbit.core.envelope;
