package raft.kv;

import raft.node.RaftNode;
import raft.core.StartResult;
import raft.node.TermState;

/** The three calls the service makes on Raft; an interface so service tests can run without a cluster. */
public interface Replicator {
    StartResult start(byte[] command);

    TermState state();

    void snapshot(long index, byte[] snapshot);

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
        };
    }
}
