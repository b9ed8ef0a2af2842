package raft.bench.jmh;

import raft.core.Entry;
import raft.core.Message;

import java.util.ArrayList;
import java.util.List;

/** Inputs shared by the micro-benchmarks. */
final class Messages {
    private Messages() {}

    /** count entries of valueBytes each, indices from first, all of term. */
    static List<Entry> entries(long first, int count, long term, int valueBytes) {
        List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[valueBytes];
            b[0] = (byte) i;
            out.add(new Entry(first + i, term, b));
        }
        return out;
    }

    /** The leader's (node 0) AppendEntries to node 1 carrying entries after prevIndex. */
    static Message.AppendEntries append(long term, long prevIndex, List<Entry> entries, long commit) {
        return new Message.AppendEntries(0, 1, term, prevIndex, prevIndex == 0 ? 0 : term, entries, commit);
    }
}
