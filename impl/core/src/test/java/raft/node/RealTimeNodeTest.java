package raft.node;

import raft.core.ApplyMsg;
import raft.core.StartResult;
import org.junit.jupiter.api.Test;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The production wiring (RealScheduler, SerialExecutor) on a wall clock, with an async in-memory network. */
class RealTimeNodeTest {
    @Test
    void threeNodesElectAndCommitOnTheWallClock() throws Exception {
        int n = 3;
        RaftNode[] nodes = new RaftNode[n];
        List<List<ApplyMsg>> applied = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        ScheduledExecutorService net = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-net");
            t.setDaemon(true);
            return t;
        });
        SerialExecutor[] appliers = new SerialExecutor[n];
        try (RealScheduler sched = new RealScheduler("test-raft", 2)) {
            for (int i = 0; i < n; i++) {
                int me = i;
                appliers[i] = new SerialExecutor("apply-" + i);
                // Delivery is asynchronous: send() runs under the sender's lock and must not take another node's.
                nodes[i] = RaftNode.newBuilder().id(i).clusterSize(n)
                        .storage(new PersisterStorage(new MemoryPersister()))
                        .transport(m -> net.execute(() -> nodes[m.to()].receive(m)))
                        .applier(m -> applied.get(me).add(m)).scheduler(sched)
                        .applyExecutor(appliers[i]).random(new SplittableRandom(i)).build();
            }
            int leader = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (leader < 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                for (int i = 0; i < n; i++) {
                    if (nodes[i].state().isLeader()) {
                        leader = i;
                    }
                }
            }
            assertTrue(leader >= 0, "no leader elected");
            StartResult r = nodes[leader].start(new byte[]{7});
            assertTrue(r.isLeader());
            while (System.nanoTime() < deadline && applied.stream().anyMatch(List::isEmpty)) {
                Thread.sleep(5);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, applied.get(i).size(), "node " + i);
                assertEquals(r.index(), applied.get(i).get(0).index());
            }
            for (RaftNode node : nodes) {
                node.kill();
            }
        } finally {
            net.shutdownNow();
            for (SerialExecutor a : appliers) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }
}
