/**
 * Auto-configuration of the {@code kekbit} health contributor.
 */
package io.kekbit.spring.autoconfigure.health;
