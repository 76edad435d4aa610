/**
 * The README's example application, run in child JVMs by the restart and second-instance tests.
 */
package io.kekbit.spring.example;
