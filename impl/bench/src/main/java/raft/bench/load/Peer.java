package raft.bench.load;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** One system under test, started as a 3-node cluster with a leader. */
public interface Peer extends AutoCloseable {

    /**
     * Starts a cluster whose data lives under dir; returns once it has a leader. readIndex: GETs
     * are answered at a confirmed read index (thesis 6.4, no log entry); else through the log.
     */
    interface Starter {
        Peer start(Path dir, boolean fsync, boolean readIndex) throws Exception;
    }

    /** A system under test by the name its columns carry. */
    record Factory(String name, Starter starter) {
        public Peer start(Path dir, boolean fsync, boolean readIndex) throws Exception {
            return starter.start(dir, fsync, readIndex);
        }
    }

    /** A client with one operation in flight at a time (its own session). */
    interface Slot {
        /** Issues the workload's next operation; completes true when it took effect, false on a refusal. */
        CompletableFuture<Boolean> next(Workload w, SplittableRandom r);
    }

    Slot slot();

    @Override
    void close();
}
