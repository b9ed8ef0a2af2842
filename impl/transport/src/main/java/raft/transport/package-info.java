/**
 * Raft messages between OS processes over TCP (Netty).
 *
 * <p>For the node: {@link raft.transport.NettyTransport} implements raft.node.Transport, configured by
 * {@link raft.transport.TransportConfig} (cluster id, node id, listen address, peers, frame limit,
 * reconnect backoff, optional {@link raft.transport.TlsSettings} for mutual TLS) and encoding with
 * {@link raft.transport.WireCodec#RAFT}. Counters in {@link raft.transport.TransportStats}.
 *
 * <p>For other channels (e.g. the KV service's client port): {@link raft.transport.Frames} (length-field
 * framing with a size limit) and {@link raft.transport.Handshake} (the {@link raft.transport.Hello}
 * exchange with an admission policy) are the same pieces the node transport is built from.
 *
 * <p>Probes for benchmarks: {@link raft.transport.RoundTripProbe}; raft.storage.FsyncProbe for the disk.
 */
package raft.transport;
