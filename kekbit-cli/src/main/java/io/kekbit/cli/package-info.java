/**
 * The {@code kekbit} command-line tool: {@code header}, {@code dump}, {@code tail}, {@code write}, {@code stat} and
 * {@code journal} over kekbit channel files and rolling journals, built on kekbit-core, kekbit-journal and picocli.
 * {@link io.kekbit.cli.KekbitCli} is the entry point; the other types are package-private helpers, not API.
 */
package io.kekbit.cli;
