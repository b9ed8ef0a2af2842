package raft.kv;

/**
 * What one server grants clients: a connection idle (nothing received) this long is closed,
 * a frame longer than maxFrameBytes closes its connection before it is buffered, and past
 * maxConnections open connections a new one is closed at once. Each refusal is counted and
 * logged (once per client host and reason per minute).
 */
public record ClientLimits(long idleMillis, int maxFrameBytes, int maxConnections) {
    public ClientLimits {
        if (idleMillis < 1 || maxFrameBytes < 64 || maxConnections < 1) {
            throw new IllegalArgumentException("client limits: need idle >= 1 ms, frames >= 64 bytes,"
                    + " connections >= 1; got " + idleMillis + " ms, " + maxFrameBytes + ", " + maxConnections);
        }
    }

    /** 5 minutes idle (a KvClient pings well within that), 1 MiB frames, 1,024 connections. */
    public static ClientLimits defaults() {
        return new ClientLimits(300_000, Wire.MAX_FRAME, 1024);
    }
}
