package raft.core;

/**
 * One server of a configuration: a stable id, chosen by the operator and never reused for
 * another machine, and an address the core carries without reading (the service decides
 * what it holds, e.g. "peerHost:peerPort"). Ids are not positions: 3, 7 and 12 is a cluster.
 */
public record Member(int id, String address) {
    public Member {
        if (id < 0) {
            throw new IllegalArgumentException("member id must be >= 0, got " + id);
        }
        address = address == null ? "" : address;
    }
}
