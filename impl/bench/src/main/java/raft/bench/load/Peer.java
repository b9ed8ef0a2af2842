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
        /** Starts before giving up when a chosen port is taken by the time it is bound. */
        static final int ATTEMPTS = 3;

        /**
         * Starts the cluster. Its ports are chosen free and bound a moment later, when another
         * process may have taken one (a full run died of that once, 17 minutes in): a start that
         * fails with a BindException is made again with new ports, in a fresh directory.
         */
        public Peer start(Path dir, boolean fsync, boolean readIndex) throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    return starter.start(attempt == 1 ? dir : dir.resolve("retry" + attempt), fsync, readIndex);
                } catch (Exception e) {
                    if (attempt == ATTEMPTS || !portTaken(e)) {
                        throw e;
                    }
                    System.err.println(name + ": a port was taken before the cluster bound it; starting again");
                }
            }
        }

        static boolean portTaken(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A client with one operation in flight at a time (its own session). */
    interface Slot {
        /**
         * Issues the workload's next operation, a GET if read (else a PUT); completes true when it
         * took effect, false on a refusal.
         */
        CompletableFuture<Boolean> next(Workload w, SplittableRandom r, boolean read);
    }

    Slot slot();

    @Override
    void close();
}
