package raft.core;

/**
 * Timing and batching knobs. Times are in milliseconds of the injected Scheduler.
 * Defaults fit the lab: heartbeats at most 10 per second, a new leader within 5 s.
 * preVote: ask before raising the term (thesis 9.6); checkQuorum: a leader that has not heard
 * from a majority within electionTicksMax steps down. {@link #defaults()} is the lab profile
 * (both off, see impl/README.md); {@link #server()} turns both on.
 */
public record RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                         int maxEntriesPerAppend, int maxBytesPerAppend, boolean preVote, boolean checkQuorum) {

    /** Without pre-vote and check-quorum. */
    public RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                      int maxEntriesPerAppend, int maxBytesPerAppend) {
        this(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                false, false);
    }

    public static RaftConfig defaults() {
        return new RaftConfig(10, 30, 60, 10, 512, 1 << 20);
    }

    /** The real server's profile: the lab timings with pre-vote and check-quorum on. */
    public static RaftConfig server() {
        return defaults().withPreVote(true).withCheckQuorum(true);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, on, checkQuorum);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(tickMillis, electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, preVote, on);
    }

    /** One election timeout (the longest randomized one) in scheduler milliseconds. */
    public long electionTimeoutMillis() {
        return electionTicksMax * tickMillis;
    }
}
