package raft.lab;

import raft.core.Message;
import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.core.StartResult;
import raft.node.TermState;
import raft.persister.PersisterStorage;
import raft.core.RaftStorage;
import raft.persister.MemoryPersister;

import java.util.concurrent.locks.ReentrantLock;

/** The project's RaftNode as a lab peer. */
public final class RaftNodePeer implements LabPeer {
    private final RaftNode node;

    private RaftNodePeer(RaftNode node) {
        this.node = node;
    }

    /** A lab peer over a node built elsewhere (e.g. with a tracer, for trace validation). */
    public static LabPeer of(RaftNode node) {
        return new RaftNodePeer(node);
    }

    /** The lab profile: pre-vote and check-quorum on, as in the real server (impl/README.md says why). */
    public static final Factory FACTORY = factory(RaftConfig.server());

    /** Nodes with this config. */
    public static Factory factory(RaftConfig config) {
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) ->
                new RaftNodePeer(new RaftNode(id, n, config, storage(persister), transport, applier,
                        scheduler, applyExecutor, new ReentrantLock(), random));
    }

    /** The node itself, for tests of what the lab API does not cover (leadership transfer). */
    public RaftNode node() {
        return node;
    }

    static RaftStorage storage(MemoryPersister persister) {
        return new PersisterStorage(persister);
    }

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
    public void receive(Message m) {
        node.receive(m);
    }

    @Override
    public void kill() {
        node.kill();
    }
}
