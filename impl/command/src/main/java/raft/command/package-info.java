/**
 * How the project's command-line tools read their arguments and end: picocli with one duration
 * syntax ({@link raft.command.Durations}), {@code --help} generated from the option definitions,
 * and sysexits-style exit codes ({@link raft.command.Cli}): 64 for a usage mistake, 65 for a
 * malformed input file, 66 for an unreadable one, each with a one-line message and no stack trace.
 */
package raft.command;
