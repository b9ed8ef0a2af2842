package raft.spec.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import raft.lab.LabRun;
import raft.lab.Scenarios;
import raft.core.RaftStorage;

/** Runs one lab scenario in virtual time with every node traced into a TraceLog module. */
public final class TraceRecorder {
    private TraceRecorder() {}

    /** Returns the number of events written; the scenario's own checks must pass. */
    public static long record(String scenario, long seed, Path out, UnaryOperator<RaftStorage> storage)
            throws IOException {
        LabRun.Body body = Scenarios.get(scenario);
        try (TlaTraceWriter writer = new TlaTraceWriter(out, 0)) {
            LabRun.virtual(scenario, body, seed, TracingPeer.factory(writer, storage),
                    new PrintStream(OutputStream.nullOutputStream()));
            return writer.events();
        }
    }
}
