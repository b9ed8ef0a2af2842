package raft.core;

import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.List;
import java.util.SplittableRandom;

/** Builders for single cores driven by hand in message-level tests. */
final class Cores {
    private Cores() {}

    /**
     * Drains c as a node with instantly durable storage would: the update counts as
     * persisted (which lets a leader count itself), and the returned Ready is what it produced.
     * Output caused by the acknowledgement itself (a commit) shows up in the next drain.
     */
    static Ready ready(RaftCore c) {
        Ready r = c.ready();
        c.persisted(r);
        return r;
    }

    /** Ticks c until it sends something (its election timer fired); returns that output. */
    static Ready tickUntilMessages(RaftCore c) {
        for (int i = 0; i < 1000; i++) {
            c.tick();
            Ready r = ready(c);
            if (!r.messages().isEmpty()) {
                return r;
            }
        }
        throw new AssertionError("no timeout");
    }

    static Entry e(long index, long term) {
        return new Entry(index, term, new byte[]{(byte) index});
    }

    static RaftCore follower(int id, int n, RaftConfig config, RaftStorage.Recovered r) {
        RaftCore c = new RaftCore(id, n, config, r, new SplittableRandom(id + 17), Tracer.NONE);
        ready(c);
        return c;
    }

    /** Node 0 of n, elected in the term after recovered.term() with votes from 1..n/2. Output drained. */
    static RaftCore leader(int n, RaftConfig config, RaftStorage.Recovered r) {
        RaftCore c = new RaftCore(0, n, config, r, new SplittableRandom(5), Tracer.NONE);
        for (int i = 0; i < 10_000 && c.roleName().equals("Follower"); i++) {
            c.tick();
        }
        if (c.roleName().equals("PreCandidate")) {
            for (int p = 1; p <= n / 2; p++) {
                c.step(new Message.PreVoteReply(p, 0, c.currentTerm() + 1, true));
            }
        }
        for (int p = 1; p <= n / 2; p++) {
            c.step(new Message.RequestVoteReply(p, 0, c.currentTerm(), true));
        }
        if (!c.isLeader()) {
            throw new AssertionError("not elected");
        }
        ready(c);
        return c;
    }

    static RaftCore leader(int n, List<Entry> log) {
        long term = log.isEmpty() ? 0 : log.get(log.size() - 1).term();
        return leader(n, RaftConfig.defaults(), new RaftStorage.Recovered(term, -1, 0, 0, null, log));
    }
}
