package raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The in-memory log after the latest snapshot. Index arithmetic lives here so the
 * state machine never touches list offsets: entries.get(i) has index snapshotIndex + 1 + i.
 * It also keeps the configuration (spec/tla/RaftMembership.tla's ConfigOf): the one in force
 * at the snapshot index (snapshotConfig) and every configuration entry after it, decoded once;
 * truncating a configuration entry reverts to the one before it.
 */
final class RaftLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private Membership snapshotConfig;
    private final TreeMap<Long, Membership> configs = new TreeMap<>();

    RaftLog(long snapshotIndex, long snapshotTerm, List<Entry> recovered, Membership snapshotConfig) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        this.snapshotConfig = snapshotConfig;
        for (Entry e : recovered) {
            if (e.index() != lastIndex() + 1) {
                throw new IllegalStateException("recovered log not contiguous: expected index " + (lastIndex() + 1)
                        + ", got " + e.index());
            }
            add(e);
        }
    }

    private void add(Entry e) {
        entries.add(e);
        if (e.config()) {
            configs.put(e.index(), e.membership());
        }
    }

    /** The latest configuration, committed or not. */
    Membership config() {
        return configs.isEmpty() ? snapshotConfig : configs.lastEntry().getValue();
    }

    /** Index of the latest configuration entry; 0 if none is left after the snapshot. */
    long configIndex() {
        return configs.isEmpty() ? 0 : configs.lastKey();
    }

    /** The configuration in force at index (snapshotIndex <= index <= lastIndex). */
    Membership configAt(long index) {
        var e = configs.floorEntry(index);
        return e == null ? snapshotConfig : e.getValue();
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
    }

    /** Term at index, or -1 when the index is beyond the log or hidden inside the snapshot. */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshotIndex - 1)).term();
    }

    Entry get(long index) {
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IndexOutOfBoundsException("index " + index + " outside (" + snapshotIndex + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - snapshotIndex - 1));
    }

    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("append at " + e.index() + " but last index is " + lastIndex());
        }
        add(e);
    }

    /** Drops every entry with index >= from. */
    void truncateFrom(long from) {
        if (from <= snapshotIndex) {
            throw new IllegalStateException("truncate at " + from + " reaches into snapshot " + snapshotIndex);
        }
        if (from <= lastIndex()) {
            entries.subList((int) (from - snapshotIndex - 1), entries.size()).clear();
        }
        configs.tailMap(from, true).clear();
    }

    /** Entries from..(at most) lastIndex, bounded by count and command bytes; at least one if any exists. */
    List<Entry> slice(long from, int maxCount, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i <= lastIndex() && out.size() < maxCount; i++) {
            Entry e = get(i);
            bytes += e.command().length;
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    List<Entry> from(long from) {
        long start = Math.max(from, snapshotIndex + 1);
        if (start > lastIndex()) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (start - snapshotIndex - 1), entries.size()));
    }

    /**
     * Log now begins after (index, term), whose configuration is config. Keeps the suffix (and
     * its configuration entries) if the log holds index, else empties it.
     */
    void compactTo(long index, long term, Membership config) {
        if (index <= snapshotIndex) {
            throw new IllegalStateException("compact to " + index + " but snapshot already at " + snapshotIndex);
        }
        if (index <= lastIndex() && termAt(index) == term) {
            entries.subList(0, (int) (index - snapshotIndex)).clear();
            configs.headMap(index, true).clear();
        } else {
            entries.clear();
            configs.clear();
        }
        snapshotConfig = config;
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** First index of the run of entries with the same term that ends at index (for the conflict hint). */
    long firstIndexOfTermAt(long index) {
        long term = termAt(index);
        long i = index;
        while (i - 1 > snapshotIndex && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }

    /** Last index holding term, or -1 if this log has no entry of that term (snapshot boundary included). */
    long lastIndexOfTerm(long term) {
        for (long i = lastIndex(); i >= snapshotIndex; i--) {
            long t = termAt(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return -1;
            }
        }
        return -1;
    }

    /** The configuration entries after the snapshot, by index (for the tracer). */
    java.util.Map<Long, Membership> configs() {
        return configs;
    }

    List<Long> terms() {
        List<Long> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.term());
        }
        return out;
    }
}
