package raft.transport;

import java.util.concurrent.atomic.LongAdder;

/** Counters a transport (or a service port built from its pieces) updates; safe from any thread. */
public final class TransportStats {
    final LongAdder sent = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder oversizeDropped = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder rejectedWrongCluster = new LongAdder();
    final LongAdder rejectedUnknownNode = new LongAdder();
    final LongAdder rejectedBadHello = new LongAdder();
    final LongAdder rejectedTls = new LongAdder();
    final LongAdder rejectedIdentity = new LongAdder();
    final LongAdder rejectedBadProof = new LongAdder();
    final LongAdder rejectedDuplicate = new LongAdder();
    final LongAdder refusedByPeer = new LongAdder();
    final LongAdder misaddressed = new LongAdder();
    final LongAdder decodeErrors = new LongAdder();
    final LongAdder connectionsClosedOnError = new LongAdder();
    final LongAdder connects = new LongAdder();

    /** Messages handed to a connected peer's socket. */
    public long sent() { return sent.sum(); }
    /** Messages dropped because the peer was unconnected or its send buffer full (Raft retries). */
    public long dropped() { return dropped.sum(); }
    /** Outgoing messages over the frame limit, dropped instead of sent. */
    public long oversizeDropped() { return oversizeDropped.sum(); }
    /** Inbound messages passed to the consumer. */
    public long delivered() { return delivered.sum(); }
    public long rejectedWrongCluster() { return rejectedWrongCluster.sum(); }
    public long rejectedUnknownNode() { return rejectedUnknownNode.sum(); }
    public long rejectedBadHello() { return rejectedBadHello.sum(); }
    /** Inbound connections whose TLS handshake failed (e.g. no certificate the cluster trusts). */
    public long rejectedTls() { return rejectedTls.sum(); }
    /** Callers whose TLS certificate names another node than the one they claim. */
    public long rejectedIdentity() { return rejectedIdentity.sum(); }
    /** Callers that could not prove they know the cluster secret. */
    public long rejectedBadProof() { return rejectedBadProof.sum(); }
    /** Hellos refused because two live processes claim the caller's id. */
    public long rejectedDuplicate() { return rejectedDuplicate.sum(); }
    /** Our outbound handshakes that the peer refused (or that we gave up: the peer did not prove who it is). */
    public long refusedByPeer() { return refusedByPeer.sum(); }
    /** Messages whose from/to did not match the connection's handshake; never delivered. */
    public long misaddressed() { return misaddressed.sum(); }
    public long decodeErrors() { return decodeErrors.sum(); }
    /** Connections closed because of a protocol error (e.g. an oversize frame). */
    public long connectionsClosedOnError() { return connectionsClosedOnError.sum(); }
    /** Outbound connections that completed the handshake. */
    public long connects() { return connects.sum(); }

    void rejected(Hello.Status status) {
        switch (status) {
            case WRONG_CLUSTER -> rejectedWrongCluster.increment();
            case UNKNOWN_NODE -> rejectedUnknownNode.increment();
            case WRONG_IDENTITY -> rejectedIdentity.increment();
            case BAD_PROOF -> rejectedBadProof.increment();
            case DUPLICATE_ID -> rejectedDuplicate.increment();
            default -> rejectedBadHello.increment();
        }
    }

    @Override
    public String toString() {
        return "sent=" + sent() + " dropped=" + dropped() + " oversizeDropped=" + oversizeDropped()
                + " delivered=" + delivered() + " rejected(cluster=" + rejectedWrongCluster() + " node="
                + rejectedUnknownNode() + " hello=" + rejectedBadHello() + " tls=" + rejectedTls() + " identity=" + rejectedIdentity() + " proof=" + rejectedBadProof()
                + " duplicate=" + rejectedDuplicate() + ")"
                + " refusedByPeer=" + refusedByPeer() + " misaddressed=" + misaddressed()
                + " decodeErrors=" + decodeErrors() + " closedOnError=" + connectionsClosedOnError()
                + " connects=" + connects();
    }
}
