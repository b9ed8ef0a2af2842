package raft.node;

import raft.core.Entry;
import raft.core.RaftStorage.Update;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit: two storage updates queued behind an fsync in progress become one, so a
 * burst of proposals or AppendEntries costs one write. merge(a, b) leaves storage exactly
 * as persisting a then b would (see {@link Update} for the order each is applied in).
 */
final class UpdateMerge {
    private UpdateMerge() {}

    /** Whether a and b can be merged: snapshots are left alone (rare, and they reshape the log). */
    static boolean canMerge(Update a, Update b) {
        return a.snapshot() == null && b.snapshot() == null;
    }

    static Update merge(Update a, Update b) {
        if (!canMerge(a, b)) {
            throw new IllegalArgumentException("updates carrying snapshots are not merged");
        }
        long cut = b.truncateFrom();
        List<Entry> entries = new ArrayList<>(a.append().size() + b.append().size());
        long truncateFrom;
        if (cut == 0) {
            truncateFrom = a.truncateFrom();
            entries.addAll(a.append());
        } else {
            for (Entry e : a.append()) {
                if (e.index() < cut) {
                    entries.add(e);
                }
            }
            boolean cutsOnlyA = !a.append().isEmpty() && cut >= a.append().get(0).index();
            if (cutsOnlyA) {
                // b only drops entries a itself appended; what was stored before a is untouched.
                truncateFrom = a.truncateFrom();
            } else {
                truncateFrom = a.truncateFrom() > 0 ? Math.min(a.truncateFrom(), cut) : cut;
            }
        }
        entries.addAll(b.append());
        return new Update(b.term(), b.votedFor(), truncateFrom, entries, null);
    }
}
