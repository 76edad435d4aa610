/**
 * The {@code kekbit} Actuator endpoint: channels, writers and listeners, with pause and resume operations.
 */
package io.kekbit.spring.actuate;
