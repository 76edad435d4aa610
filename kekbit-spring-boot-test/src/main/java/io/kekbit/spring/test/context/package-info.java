/**
 * A channel root per Spring test context: {@link io.kekbit.spring.test.context.EmbeddedKekbit} on a test class sets
 * {@code kekbit.root-path} to a fresh folder for each application context the Spring TestContext framework loads
 * for it, and deletes the folder when that context closes.
 */
package io.kekbit.spring.test.context;
