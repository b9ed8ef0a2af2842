package raft.spec.trace;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import raft.core.Message;
import raft.lab.LabPeer;
import raft.node.RaftConfig;
import raft.node.RaftNode;
import raft.node.StartResult;
import raft.node.TermState;
import raft.storage.PersisterStorage;
import raft.storage.RaftStorage;

/** A lab peer running the project's RaftNode with a tracer, to record traces of lab scenarios. */
public final class TracingPeer implements LabPeer {
    private final RaftNode node;

    private TracingPeer(RaftNode node) {
        this.node = node;
    }

    /**
     * @param storage the seam tests use to inject a broken node: it wraps the storage each
     *                server instance gets (UnaryOperator.identity() for the real thing)
     */
    public static Factory factory(TlaTraceWriter tracer, UnaryOperator<RaftStorage> storage) {
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) -> {
            tracer.clusterSize(n);
            return new TracingPeer(new RaftNode(id, n, RaftConfig.defaults(), storage.apply(new PersisterStorage(persister)),
                        transport, applier, scheduler, applyExecutor, new ReentrantLock(), random, tracer));
        };
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
