package raft.lab;

import raft.core.ApplyMsg;
import raft.core.Membership;
import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.node.Replica;
import raft.node.Scheduler;
import raft.node.Transport;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** The lab's Make: builds one instance of server id over its persister, with the tester's clock and network. */
@FunctionalInterface
public interface PeerFactory {
    Replica create(int id, int n, MemoryPersister persister, Transport transport, Consumer<ApplyMsg> applier,
                   Scheduler scheduler, Executor applyExecutor, RandomGenerator random);

    /** The lab profile: the project's RaftNode with pre-vote and check-quorum on, as in the real server (impl/README.md says why), but no no-op on election. */
    PeerFactory RAFT_NODE = withConfig(RaftConfig.lab());

    /**
     * RaftNodes with this configuration, all starting from initial (ids not in it are joiners:
     * they wait for a leader to add them); n is then only the number of server slots.
     */
    static PeerFactory withMembers(RaftConfig config, Membership initial) {
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) ->
                RaftNode.newBuilder().id(id).members(initial).config(config).storage(new PersisterStorage(persister))
                        .transport(transport).applier(applier).scheduler(scheduler).applyExecutor(applyExecutor)
                        .random(random).build();
    }

    /** RaftNodes with this configuration. */
    static PeerFactory withConfig(RaftConfig config) {
        return (id, n, persister, transport, applier, scheduler, applyExecutor, random) ->
                RaftNode.newBuilder().id(id).clusterSize(n).config(config).storage(new PersisterStorage(persister))
                        .transport(transport).applier(applier).scheduler(scheduler).applyExecutor(applyExecutor)
                        .random(random).build();
    }
}
