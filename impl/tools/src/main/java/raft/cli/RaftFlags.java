package raft.cli;

import picocli.CommandLine.Option;
import raft.command.OnOff;

/**
 * The thesis 9.6 switches the server and the jepsen harness share (a picocli mixin): one
 * definition, so the harness offers exactly what a server accepts and passes it on.
 */
public final class RaftFlags {
    @Option(names = "--pre-vote", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
            description = "Raft thesis 9.6 (default on): a node cut off from the cluster does not raise its term")
    boolean preVote;
    @Option(names = "--check-quorum", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
            description = "Raft thesis 9.6 (default on): a leader cut off from a majority steps down")
    boolean checkQuorum;

    public boolean preVote() {
        return preVote;
    }

    public boolean checkQuorum() {
        return checkQuorum;
    }
}
