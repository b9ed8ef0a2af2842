package raft.spec.trace;

import java.util.function.UnaryOperator;
import raft.core.Membership;
import raft.core.RaftConfig;
import raft.core.RaftStorage;
import raft.lab.PeerFactory;
import raft.node.RaftNode;
import raft.persister.PersisterStorage;

/** Lab peers running the project's RaftNode with a tracer, to record traces of lab scenarios. */
public final class TracingPeer {
    private TracingPeer() {}

    /**
     * @param config  the nodes' configuration; whether it has leader stickiness (pre-vote or
     *                check-quorum) goes into the trace, which RaftTrace.tla checks accordingly
     * @param storage the seam tests use to inject a broken node: it wraps the storage each
     *                server instance gets (UnaryOperator.identity() for the real thing)
     */
    public static PeerFactory factory(TlaTraceWriter tracer, RaftConfig config, UnaryOperator<RaftStorage> storage) {
        return factory(tracer, config, null, storage);
    }

    /**
     * @param initial the initial configuration (slots outside it are joiners), or null for the fixed cluster
     *                of all slots
     */
    public static PeerFactory factory(TlaTraceWriter tracer, RaftConfig config, Membership initial,
                                      UnaryOperator<RaftStorage> storage) {
        tracer.sticky(config.preVote() || config.checkQuorum());
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) -> {
            tracer.clusterSize(n);
            raft.node.RaftNodeBuilder b = RaftNode.newBuilder().id(id);
            b = initial == null ? b.clusterSize(n) : b.members(initial);
            return b.config(config)
                    .storage(storage.apply(new PersisterStorage(persister)))
                    .transport(transport).applier(applier).scheduler(scheduler).applyExecutor(applyExecutor)
                    .random(random).tracer(tracer).build();
        };
    }
}
