package raft.spec.trace;

import java.util.function.UnaryOperator;
import raft.lab.PeerFactory;
import raft.node.RaftNode;
import raft.persister.PersisterStorage;
import raft.core.RaftStorage;

/** Lab peers running the project's RaftNode with a tracer, to record traces of lab scenarios. */
public final class TracingPeer {
    private TracingPeer() {}

    /**
     * @param storage the seam tests use to inject a broken node: it wraps the storage each
     *                server instance gets (UnaryOperator.identity() for the real thing)
     */
    public static PeerFactory factory(TlaTraceWriter tracer, UnaryOperator<RaftStorage> storage) {
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) -> {
            tracer.clusterSize(n);
            return RaftNode.newBuilder().id(id).clusterSize(n).storage(storage.apply(new PersisterStorage(persister)))
                    .transport(transport).applier(applier).scheduler(scheduler).applyExecutor(applyExecutor)
                    .random(random).tracer(tracer).build();
        };
    }
}
