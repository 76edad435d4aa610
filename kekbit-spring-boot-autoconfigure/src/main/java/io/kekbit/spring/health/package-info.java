/**
 * Actuator health indicators of kekbit writers and listeners.
 */
package io.kekbit.spring.health;
