package raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A leader's read requests (ReadIndex, thesis 6.4): at most one confirmation round in flight,
 * as spec/tla/RaftLeadership.tla's pendingRead; requests arriving meanwhile wait for the next
 * round, so any number of concurrent reads share one heartbeat round each. leaseUntil: the
 * time (scheduler ms) until which a lease read may be answered from local state.
 */
final class ReadRounds {
    /** Who asked: origin is this node's id for a local read, a follower's for a forwarded one. */
    record Request(int origin, long ctx) {}

    /** The round being confirmed: read id, read index, acks (self included), start time. */
    static final class Round {
        final long id;
        final long index;
        final long startMillis;
        final Set<Integer> acks = new TreeSet<>();
        final List<Request> requests;

        Round(long id, long index, long startMillis, int self, List<Request> requests) {
            this.id = id;
            this.index = index;
            this.startMillis = startMillis;
            this.acks.add(self);
            this.requests = requests;
        }

        /** A majority of the voters of config acknowledged (learners' acks count for nothing). */
        boolean confirmed(Membership config) {
            return Quorum.of(config, acks);
        }
    }

    Round inFlight;
    long lastId;
    List<Request> waiting = new ArrayList<>();
    long leaseUntil = Long.MIN_VALUE;
    /** Set once this leader sent TimeoutNow: the target's election ignores stickiness, so no lease holds. */
    boolean leaseRevoked;

    /** Everything still unanswered, in flight first; clears both. */
    List<Request> drainAll() {
        List<Request> all = new ArrayList<>();
        if (inFlight != null) {
            all.addAll(inFlight.requests);
            inFlight = null;
        }
        all.addAll(waiting);
        waiting = new ArrayList<>();
        return all;
    }
}
