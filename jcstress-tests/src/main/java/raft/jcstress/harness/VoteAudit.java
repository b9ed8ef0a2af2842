package raft.jcstress.harness;

import raft.core.Message;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks, at the instant a message leaves the node, that what it promises is already
 * durable: a granted vote (and a candidate's own vote) is the persisted votedFor of its
 * term, a successful AppendEntries reply's matchIndex is covered by the persisted log.
 * Storage may legitimately have moved to a later term by then; never sideways.
 */
public final class VoteAudit {
    private final NodeFixture f;
    private final AtomicInteger violations = new AtomicInteger();
    private volatile long grantedTo1;
    private volatile long grantedTo2;
    private volatile long selfVoteTerm;
    private volatile long appendMatch = -1;

    public VoteAudit(NodeFixture f) {
        this.f = f;
        f.transport.onSend(this::check);
    }

    private void check(Message m) {
        RecordingStorage s = f.storage;
        if (m instanceof Message.RequestVoteReply r && r.voteGranted()) {
            if (!durableVote(r.term(), r.to())) {
                violations.incrementAndGet();
            }
            if (r.to() == 1) {
                grantedTo1 = r.term();
            } else if (r.to() == 2) {
                grantedTo2 = r.term();
            }
        } else if (m instanceof Message.RequestVote rv && rv.from() == NodeFixture.ID) {
            if (!durableVote(rv.term(), NodeFixture.ID)) {
                violations.incrementAndGet();
            }
            selfVoteTerm = Math.max(selfVoteTerm, rv.term());
        } else if (m instanceof Message.AppendEntriesReply r && r.success()) {
            if (s.term() < r.term() || !s.holdsThrough(r.matchIndex(), i -> termSent(i))) {
                violations.incrementAndGet();
            }
            appendMatch = Math.max(appendMatch, r.matchIndex());
        }
    }

    /** The probes' leaders only ever send entries of term 1. */
    private static long termSent(long index) {
        return 1;
    }

    private boolean durableVote(long term, int candidate) {
        RecordingStorage s = f.storage;
        synchronized (s) {
            return s.term() > term || (s.term() == term && s.votedFor() == candidate);
        }
    }

    /** Violations seen at send time, plus two different votes ever persisted for one term. */
    public int violations() {
        return violations.get() + (f.storage.twoVotesInOneTerm() ? 1 : 0);
    }

    public long grantedTo1() {
        return grantedTo1;
    }

    public long grantedTo2() {
        return grantedTo2;
    }

    public long selfVoteTerm() {
        return selfVoteTerm;
    }

    /** Highest matchIndex of a successful AppendEntries reply, -1 if none. */
    public long appendMatch() {
        return appendMatch;
    }

}
