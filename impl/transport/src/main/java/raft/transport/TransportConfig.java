package raft.transport;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One node's view of the cluster's network. peers maps every other member's id to its
 * address (an entry for nodeId itself is ignored); only those ids may connect to us.
 * tls is null for plain TCP; secret (null: none) authenticates hellos, see {@link ClusterSecret}.
 */
public record TransportConfig(String clusterId, int nodeId, InetSocketAddress listen,
                              Map<Integer, InetSocketAddress> peers, int maxFrameBytes,
                              long minBackoffMillis, long maxBackoffMillis, long handshakeTimeoutMillis,
                              int writeBufferBytes, TlsSettings tls, ClusterSecret secret) {
    public TransportConfig(String clusterId, int nodeId, InetSocketAddress listen, Map<Integer, InetSocketAddress> peers,
                           int maxFrameBytes, long minBackoffMillis, long maxBackoffMillis, long handshakeTimeoutMillis,
                           int writeBufferBytes, TlsSettings tls) {
        this(clusterId, nodeId, listen, peers, maxFrameBytes, minBackoffMillis, maxBackoffMillis, handshakeTimeoutMillis,
                writeBufferBytes, tls, null);
    }

    public TransportConfig {
        peers = Map.copyOf(peers);
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 64, got " + maxFrameBytes);
        }
        if (minBackoffMillis < 1 || maxBackoffMillis < minBackoffMillis) {
            throw new IllegalArgumentException("need 1 <= minBackoffMillis <= maxBackoffMillis");
        }
    }

    /**
     * Defaults: 64 MiB frames, reconnect backoff 50 ms doubling to 2 s, 5 s handshake timeout, 8 MiB send
     * buffer. The frame limit must exceed the largest snapshot the service makes (InstallSnapshot carries it
     * whole): a bigger one is dropped every time and that follower never catches up.
     */
    public static TransportConfig of(String clusterId, int nodeId, InetSocketAddress listen,
                                     Map<Integer, InetSocketAddress> peers) {
        return new TransportConfig(clusterId, nodeId, listen, peers, 64 << 20, 50, 2000, 5000, 8 << 20, null);
    }

    public TransportConfig withHandshakeTimeoutMillis(long millis) {
        return new TransportConfig(clusterId, nodeId, listen, peers, maxFrameBytes, minBackoffMillis,
                maxBackoffMillis, millis, writeBufferBytes, tls, secret);
    }

    public TransportConfig withWriteBufferBytes(int bytes) {
        return new TransportConfig(clusterId, nodeId, listen, peers, maxFrameBytes, minBackoffMillis,
                maxBackoffMillis, handshakeTimeoutMillis, bytes, tls, secret);
    }

    public TransportConfig withTls(TlsSettings settings) {
        return new TransportConfig(clusterId, nodeId, listen, peers, maxFrameBytes, minBackoffMillis,
                maxBackoffMillis, handshakeTimeoutMillis, writeBufferBytes, settings, secret);
    }

    public TransportConfig withMaxFrameBytes(int bytes) {
        return new TransportConfig(clusterId, nodeId, listen, peers, bytes, minBackoffMillis, maxBackoffMillis,
                handshakeTimeoutMillis, writeBufferBytes, tls, secret);
    }

    public TransportConfig withBackoff(long minMillis, long maxMillis) {
        return new TransportConfig(clusterId, nodeId, listen, peers, maxFrameBytes, minMillis, maxMillis,
                handshakeTimeoutMillis, writeBufferBytes, tls, secret);
    }

    /** The same node under another cluster id; tests use it to play an intruder. */
    public TransportConfig withClusterId(String id) {
        return new TransportConfig(id, nodeId, listen, peers, maxFrameBytes, minBackoffMillis, maxBackoffMillis,
                handshakeTimeoutMillis, writeBufferBytes, tls, secret);
    }

    public TransportConfig withSecret(ClusterSecret s) {
        return new TransportConfig(clusterId, nodeId, listen, peers, maxFrameBytes, minBackoffMillis, maxBackoffMillis,
                handshakeTimeoutMillis, writeBufferBytes, tls, s);
    }
}
