package raft.node;

import org.junit.jupiter.api.Test;
import raft.core.ApplyMsg;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftNodeBuilderTest {

    @Test
    void missingRequiredPartIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RaftNode.newBuilder()
                .id(0).clusterSize(1).storage(new PersisterStorage(new MemoryPersister())).applier(m -> {}).build());
        assertEquals("RaftNode builder: transport is required", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> RaftNode.newBuilder().id(3).clusterSize(3)
                .storage(new PersisterStorage(new MemoryPersister())).transport(m -> {}).applier(m -> {}).build());
        assertTrue(e.getMessage().contains("id (3) must be in 0..2"), e.getMessage());
    }

    /** With only the required parts, a one-node cluster elects itself and applies on its own threads. */
    @Test
    void defaultsRunARealNode() throws Exception {
        List<ApplyMsg> applied = new CopyOnWriteArrayList<>();
        CountDownLatch one = new CountDownLatch(1);
        RaftNode node = RaftNode.newBuilder().id(0).clusterSize(1)
                .storage(new PersisterStorage(new MemoryPersister())).transport(m -> {})
                .applier(m -> {
                    applied.add(m);
                    one.countDown();
                }).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!node.state().isLeader() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(node.start(new byte[] {1}).isLeader(), "a lone node leads");
            assertTrue(one.await(10, TimeUnit.SECONDS), "the command was applied");
            assertEquals(1, applied.get(0).index());
        } finally {
            node.kill();
        }
        assertTrue(node.isKilled());
        assertEquals(-1, node.start(new byte[] {2}).index(), "a killed node takes nothing");
    }
}
