package raft.example;

import raft.core.ApplyMsg;
import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/** Three Raft nodes in one JVM replicating a counter: raft-core alone, nothing else. */
public final class ReplicatedCounter {
    public static AtomicLongArray run(int increments) throws InterruptedException {
        int n = 3;
        RaftNode[] nodes = new RaftNode[n];
        AtomicLongArray counters = new AtomicLongArray(n);            // each node's copy of the state machine
        CountDownLatch applied = new CountDownLatch(n * increments);
        ExecutorService network = Executors.newSingleThreadExecutor(); // send() must not block: deliver later
        for (int i = 0; i < n; i++) {
            int me = i;
            nodes[i] = RaftNode.newBuilder().id(i).clusterSize(n)
                    .config(RaftConfig.server())                          // pre-vote and check-quorum on
                    .storage(new PersisterStorage(new MemoryPersister()))  // raft-storage has the durable one
                    .transport(m -> network.execute(() -> nodes[m.to()].receive(m)))
                    .applier(msg -> {                                     // committed entries, in order, once each
                        if (msg instanceof ApplyMsg.Command c) {
                            counters.addAndGet(me, c.command()[0]);
                            applied.countDown();
                        }
                    })
                    .build();
        }
        for (int proposed = 0; proposed < increments; ) {
            for (RaftNode node : nodes) {                                 // only the leader accepts a proposal
                if (proposed < increments && node.start(new byte[]{1}).isLeader()) {
                    proposed++;
                }
            }
            Thread.sleep(5);                                              // no leader yet: an election is running
        }
        boolean done = applied.await(30, TimeUnit.SECONDS);
        for (RaftNode node : nodes) {
            node.kill();
        }
        network.shutdownNow();
        if (!done) {
            throw new IllegalStateException("not every node applied every increment: " + counters);
        }
        return counters;
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("counters: " + run(10));      // counters: [10, 10, 10]
    }
}
