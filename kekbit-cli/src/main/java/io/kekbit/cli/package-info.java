/**
 * The {@code kekbit} command-line tool: {@code header}, {@code dump}, {@code tail}, {@code write} and {@code stat}
 * over kekbit channel files, built on kekbit-core and picocli. {@link io.kekbit.cli.KekbitCli} is the entry point;
 * the other types are package-private helpers, not API.
 */
package io.kekbit.cli;
