package raft.sim;

import raft.core.Entry;
import raft.core.Message;

import java.util.Arrays;

/**
 * A running 64-bit hash of everything a simulation executes. Two runs of one seed
 * must end with the same value; any divergence (a HashMap iteration order, a wall-clock
 * read, an unseeded random) shows up as a different digest.
 */
public final class TraceDigest {
    private long h = 0xcbf29ce484222325L;
    private long count;

    public void add(long a, long b, long c) {
        mix(a);
        mix(b);
        mix(c);
        count++;
    }

    public void add(long a) {
        mix(a);
        count++;
    }

    private void mix(long x) {
        h ^= x;
        h *= 0x100000001b3L;
        h ^= h >>> 29;
    }

    public long value() {
        return h;
    }

    public long count() {
        return count;
    }

    public String hex() {
        return String.format("%016x", h);
    }

    /** A content hash of a message that does not depend on object identity. */
    public static long hash(Message m) {
        long x = 31L * m.from() + m.to();
        x = x * 1_000_003L + m.term();
        if (m instanceof Message.RequestVote r) {
            x = x * 31 + 1 + r.lastLogIndex() * 7 + r.lastLogTerm();
        } else if (m instanceof Message.RequestVoteReply r) {
            x = x * 31 + 2 + (r.voteGranted() ? 1 : 0);
        } else if (m instanceof Message.AppendEntries a) {
            x = x * 31 + 3 + a.prevLogIndex() * 7 + a.prevLogTerm() * 13 + a.leaderCommit() * 17;
            for (Entry e : a.entries()) {
                x = x * 31 + e.index() * 7 + e.term() + Arrays.hashCode(e.command());
            }
        } else if (m instanceof Message.AppendEntriesReply r) {
            x = x * 31 + 4 + (r.success() ? 1 : 0) + r.matchIndex() * 7 + r.conflictTerm() * 13
                    + r.conflictIndex() * 17;
        } else if (m instanceof Message.InstallSnapshot s) {
            x = x * 31 + 5 + s.lastIncludedIndex() * 7 + s.lastIncludedTerm() + Arrays.hashCode(s.data());
        } else if (m instanceof Message.InstallSnapshotReply r) {
            x = x * 31 + 6 + r.lastIncludedIndex();
        }
        return x;
    }
}
