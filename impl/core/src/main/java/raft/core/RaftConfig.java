package raft.core;

/**
 * Timing and batching knobs. Times are in milliseconds of the injected Scheduler.
 * Defaults fit the lab: heartbeats at most 10 per second, a new leader within 5 s.
 */
public record RaftConfig(long tickMillis, int electionTicksMin, int electionTicksMax, int heartbeatTicks,
                         int maxEntriesPerAppend, int maxBytesPerAppend) {
    public static RaftConfig defaults() {
        return new RaftConfig(10, 30, 60, 10, 512, 1 << 20);
    }
}
