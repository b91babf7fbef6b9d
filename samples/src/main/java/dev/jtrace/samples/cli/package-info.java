/**
 * The {@code jtrace} command-line tool ({@link dev.jtrace.samples.cli.JtraceCli}), launched by the
 * {@code ./jtrace} script at the repository root.
 */
package dev.jtrace.samples.cli;
