package raft.cli;

import picocli.CommandLine.Option;
import raft.command.UsageError;
import raft.kv.ReadMode;
import raft.kv.ReadOptions;

/** The read-path options the server and the jepsen harness share (a picocli mixin). */
public final class ReadFlags {
    @Option(names = "--read-mode", defaultValue = "read-index", paramLabel = "log|read-index|lease",
            description = "how GETs are served: as log entries, at a read index confirmed by a heartbeat round "
                    + "(default), or from a leader's lease (needs --check-quorum on; see impl/README.md)")
    String readMode;
    @Option(names = "--follower-reads", description = "followers answer GETs too, at a read index from the leader "
            + "(the jepsen clients then send reads to any server)")
    boolean followerReads;
    @Option(names = "--unsafe-reads", description = "a node that believes it leads answers GETs from local state "
            + "without confirming it: NOT linearizable, for the demonstration")
    boolean unsafeReads;

    /** The parsed options; an unknown mode, or a lease without check-quorum, is a usage error. */
    public ReadOptions options(boolean checkQuorum) {
        ReadOptions o;
        try {
            o = new ReadOptions(ReadMode.ofFlag(readMode), followerReads, unsafeReads);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--read-mode: " + e.getMessage());
        }
        if (o.mode() == ReadMode.LEASE && !checkQuorum) {
            throw new UsageError("--read-mode lease needs --check-quorum on: a leader cut off must step down");
        }
        return o;
    }
}
