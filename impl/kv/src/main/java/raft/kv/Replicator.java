package raft.kv;

import raft.node.RaftNode;
import raft.core.StartResult;
import raft.node.TermState;

import java.util.concurrent.CompletableFuture;

/** The calls the service makes on Raft; an interface so service tests can run without a cluster. */
public interface Replicator {
    StartResult start(byte[] command);

    TermState state();

    void snapshot(long index, byte[] snapshot);

    /** See RaftNode.transferLeadership: true once target leads, false if refused or abandoned. */
    default CompletableFuture<Boolean> transferLeadership(int target) {
        return CompletableFuture.completedFuture(false);
    }

    static Replicator of(RaftNode node) {
        return new Replicator() {
            @Override
            public StartResult start(byte[] command) {
                return node.start(command);
            }

            @Override
            public TermState state() {
                return node.state();
            }

            @Override
            public void snapshot(long index, byte[] snapshot) {
                node.snapshot(index, snapshot);
            }

            @Override
            public CompletableFuture<Boolean> transferLeadership(int target) {
                return node.transferLeadership(target);
            }
        };
    }
}
