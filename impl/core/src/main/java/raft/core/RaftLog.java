package raft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory log after the latest snapshot. Index arithmetic lives here so the
 * state machine never touches list offsets: entries.get(i) has index snapshotIndex + 1 + i.
 */
final class RaftLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<Entry> entries = new ArrayList<>();

    RaftLog(long snapshotIndex, long snapshotTerm, List<Entry> recovered) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        for (Entry e : recovered) {
            if (e.index() != lastIndex() + 1) {
                throw new IllegalStateException("recovered log not contiguous: expected index " + (lastIndex() + 1)
                        + ", got " + e.index());
            }
            entries.add(e);
        }
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
        entries.add(e);
    }

    /** Drops every entry with index >= from. */
    void truncateFrom(long from) {
        if (from <= snapshotIndex) {
            throw new IllegalStateException("truncate at " + from + " reaches into snapshot " + snapshotIndex);
        }
        if (from <= lastIndex()) {
            entries.subList((int) (from - snapshotIndex - 1), entries.size()).clear();
        }
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

    /** Log now begins after (index, term). Keeps the suffix if the log holds index, else empties it. */
    void compactTo(long index, long term) {
        if (index <= snapshotIndex) {
            throw new IllegalStateException("compact to " + index + " but snapshot already at " + snapshotIndex);
        }
        if (index <= lastIndex() && termAt(index) == term) {
            entries.subList(0, (int) (index - snapshotIndex)).clear();
        } else {
            entries.clear();
        }
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

    List<Long> terms() {
        List<Long> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.term());
        }
        return out;
    }
}
