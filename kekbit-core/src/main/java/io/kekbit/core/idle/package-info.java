/**
 * Idle strategies for poll loops: what a thread does when a poll found no work. Callers never write their own.
 */
package io.kekbit.core.idle;
