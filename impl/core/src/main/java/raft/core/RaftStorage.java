package raft.core;

import raft.core.Entry;

import java.util.List;

/**
 * Where the node keeps Figure 2's persistent state and the latest snapshot.
 * The node calls persist() and waits for it to return before it sends any
 * message or reply that depends on the update. Implementations: one over a
 * lab-style {@link Persister} (whole-state rewrite, used by the simulator and
 * the lab suite) and a segmented log on disk (the real cluster).
 */
public interface RaftStorage {

    /**
     * What survives a restart. votedFor is -1 for "none". entries start at snapshotIndex + 1.
     * snapshotConfig: the configuration as of snapshotIndex (null: none stored, the initial one holds).
     */
    record Recovered(long term, int votedFor, long snapshotIndex, long snapshotTerm, byte[] snapshot,
                     List<Entry> entries, Membership snapshotConfig) {
        public Recovered(long term, int votedFor, long snapshotIndex, long snapshotTerm, byte[] snapshot,
                         List<Entry> entries) {
            this(term, votedFor, snapshotIndex, snapshotTerm, snapshot, entries, null);
        }

        public static Recovered empty() {
            return new Recovered(0, -1, 0, 0, null, List.of());
        }
    }

    /**
     * A new snapshot covering every entry up to and including index; config is the configuration
     * as of index (null only from callers that predate membership: the initial one holds).
     */
    record SnapshotData(long index, long term, byte[] data, Membership config) {
        public SnapshotData(long index, long term, byte[] data) {
            this(index, term, data, null);
        }
    }

    /**
     * One durable step, applied in this order: hard state (term, votedFor); drop every
     * entry with index >= truncateFrom (when truncateFrom > 0); append entries; install
     * snapshot (dropping log entries it covers). Returns only once all of it is durable.
     */
    record Update(long term, int votedFor, long truncateFrom, List<Entry> append, SnapshotData snapshot) {
        public Update {
            append = List.copyOf(append);
        }
    }

    Recovered recover();

    void persist(Update update);

    /**
     * Why writes are failing now (a full disk, say), or null while they succeed. While it is
     * non-null the node takes no new proposals: the write that failed is retried first, and
     * accepting more would only pile up entries that cannot be made durable.
     */
    default String writeFailure() {
        return null;
    }
}
