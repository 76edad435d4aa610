/**
 * Auto-configuration of kekbit channels: {@link io.kekbit.spring.autoconfigure.KekbitProperties}, writer beans,
 * the template, the listener infrastructure, and the failure analyzer for invalid configuration.
 */
package io.kekbit.spring.autoconfigure;
