package raft.core;

/**
 * Timing and batching knobs. Times are in milliseconds of the injected Scheduler.
 * Defaults fit the lab: heartbeats at most 10 per second, a new leader within 5 s.
 * preVote: ask before raising the term (thesis 9.6); checkQuorum: a leader that has not heard
 * from a majority within electionTicksMax steps down. noOpOnElection: a new leader appends an
 * empty entry of its term (thesis 6.4), so it can commit (and serve reads) without waiting for
 * a client command. leaseDriftMillis: lease reads (see impl/README.md) when >= 0, the bound on
 * clock drift subtracted from the lease; -1 turns leases off. {@link #defaults()} has all of
 * these off, {@link #server()} turns pre-vote, check-quorum and the no-op on, {@link #lab()} is
 * the server without the no-op (the lab counts indices of commands only).
 */
public record RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                         int maxEntriesPerAppend, int maxBytesPerAppend, boolean preVote, boolean checkQuorum,
                         boolean noOpOnElection, long leaseDriftMillis, int promoteWithin) {

    /** How close (in entries) a learner added to become a voter must be to the leader's last index. */
    public static final int DEFAULT_PROMOTE_WITHIN = 64;

    public RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                      int maxEntriesPerAppend, int maxBytesPerAppend, boolean preVote, boolean checkQuorum,
                      boolean noOpOnElection, long leaseDriftMillis) {
        this(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                preVote, checkQuorum, noOpOnElection, leaseDriftMillis, DEFAULT_PROMOTE_WITHIN);
    }

    public RaftConfig {
        if (promoteWithin < 0) {
            throw new IllegalArgumentException("promoteWithin must be >= 0, got " + promoteWithin);
        }
        if (leaseDriftMillis >= 0 && !checkQuorum) {
            throw new IllegalArgumentException("lease reads need check-quorum: a leader cut off must step down");
        }
    }

    /** Without pre-vote, check-quorum, the no-op and leases. */
    public RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                      int maxEntriesPerAppend, int maxBytesPerAppend) {
        this(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                false, false, false, -1);
    }

    public static RaftConfig defaults() {
        return new RaftConfig(10, 30, 60, 10, 512, 1 << 20);
    }

    /** The real server's profile: the lab timings with pre-vote, check-quorum and the no-op on election. */
    public static RaftConfig server() {
        return defaults().withPreVote(true).withCheckQuorum(true).withNoOpOnElection(true);
    }

    /** The lab's profile: the server's, without the no-op entry the lab's index arithmetic does not expect. */
    public static RaftConfig lab() {
        return server().withNoOpOnElection(false);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, on, checkQuorum, noOpOnElection, leaseDriftMillis, promoteWithin);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, preVote, on, noOpOnElection, leaseDriftMillis, promoteWithin);
    }

    public RaftConfig withNoOpOnElection(boolean on) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, preVote, checkQuorum, on, leaseDriftMillis, promoteWithin);
    }

    /** Lease reads with this clock-drift bound (>= 0), or off (-1). */
    public RaftConfig withLeaseDriftMillis(long drift) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, preVote, checkQuorum, noOpOnElection, drift, promoteWithin);
    }

    /**
     * An Add that is to end as a voter is promoted once the learner's matchIndex is within this
     * many entries of the leader's last index (so the new voter does not stall commits catching up).
     */
    public RaftConfig withPromoteWithin(int entries) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, preVote, checkQuorum, noOpOnElection, leaseDriftMillis, entries);
    }

    public boolean leaseReads() {
        return leaseDriftMillis >= 0;
    }

    /** One election timeout (the longest randomized one) in scheduler milliseconds. */
    public long electionTimeoutMillis() {
        return electionTicksMax * tickMillis;
    }

    /**
     * How long a quorum's acknowledgement of a round sent at time t keeps this leader's lease:
     * no follower that acknowledged votes for anyone else before t + the shortest election
     * timeout (leader stickiness), less the drift bound.
     */
    public long leaseMillis() {
        return electionTicksMin * tickMillis - leaseDriftMillis;
    }
}
