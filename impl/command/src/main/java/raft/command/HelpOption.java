package raft.command;

import picocli.CommandLine.Option;

/** The --help every command has (a mixin: {@code @Mixin HelpOption help;}). */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
