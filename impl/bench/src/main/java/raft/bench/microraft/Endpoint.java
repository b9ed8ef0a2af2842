package raft.bench.microraft;

import io.microraft.RaftEndpoint;

/** A MicroRaft member named by its index in the benchmark cluster (0..n-1), as our nodes are. */
record Endpoint(int id) implements RaftEndpoint {
    @Override
    public Object getId() {
        return id;
    }
}
