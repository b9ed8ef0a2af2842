package raft.spec.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import raft.core.Membership;
import raft.core.RaftConfig;
import raft.core.RaftStorage;
import raft.lab.LabRun;
import raft.lab.Scenarios;

/** Runs one lab scenario in virtual time with every node traced into a TraceLog module. */
public final class TraceRecorder {
    private TraceRecorder() {}

    /** With the lab profile (RaftConfig.defaults(): no pre-vote, no check-quorum). */
    public static long record(String scenario, long seed, Path out, UnaryOperator<RaftStorage> storage)
            throws IOException {
        return record(scenario, seed, out, RaftConfig.defaults(), storage);
    }

    /** Returns the number of events written; the scenario's own checks must pass. */
    public static long record(String scenario, long seed, Path out, RaftConfig config,
                              UnaryOperator<RaftStorage> storage) throws IOException {
        return record(scenario, Scenarios.get(scenario), seed, out, config, storage);
    }

    /**
     * A body that is no lab scenario (a test's own), under the name its failures report. A membership
     * scenario (Scenarios.initialMembers) is traced for RaftMembershipTrace.tla.
     */
    public static long record(String scenario, LabRun.Body body, long seed, Path out, RaftConfig config,
                              UnaryOperator<RaftStorage> storage) throws IOException {
        Membership initial = Scenarios.initialMembers(scenario);
        try (TlaTraceWriter writer = new TlaTraceWriter(out, 0, initial)) {
            LabRun.virtual(scenario, body, seed, TracingPeer.factory(writer, config, initial, storage),
                    new PrintStream(OutputStream.nullOutputStream()));
            return writer.events();
        }
    }
}
