package raft.node;

import org.junit.jupiter.api.Test;
import raft.core.ApplyMsg;
import raft.core.RaftConfig;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/** RaftNode.readIndex(): at the leader, at a follower, with a lease, and when leadership is lost. */
class RaftNodeReadTest {
    static RaftNodeTest.Cluster elected(RaftConfig config) {
        RaftNodeTest.Cluster c = new RaftNodeTest.Cluster(config);
        c.sched.runFor(2000);
        assertTrue(c.leader() >= 0);
        return c;
    }

    /** The read index is covered by what node i's applier was handed when the read completed. */
    static long readAt(RaftNodeTest.Cluster c, int i) throws Exception {
        CompletableFuture<Long> f = c.nodes[i].readIndex();
        long[] appliedThen = {-1};
        f.thenAccept(x -> appliedThen[0] = c.applied.get(i).isEmpty() ? 0
                : c.applied.get(i).get(c.applied.get(i).size() - 1).index());
        c.sched.runFor(200);
        assertTrue(f.isDone(), "read at " + i + " not settled");
        long index = f.get();
        assertTrue(appliedThen[0] >= index, "completed before the applier reached " + index);
        return index;
    }

    @Test
    void aLeaderReadCoversEveryCommittedWrite() throws Exception {
        RaftNodeTest.Cluster c = elected(RaftConfig.server());
        int l = c.leader();
        long w = c.nodes[l].start(new byte[]{7}).index();
        c.sched.runFor(100);
        assertTrue(readAt(c, l) >= w);
        // The no-op reached the applier as an empty command.
        ApplyMsg.Command first = (ApplyMsg.Command) c.applied.get(l).get(0);
        assertEquals(0, first.command().length);
    }

    @Test
    void aFollowerReadWaitsUntilItHasAppliedTheLeadersIndex() throws Exception {
        RaftNodeTest.Cluster c = elected(RaftConfig.server());
        int l = c.leader();
        long w = c.nodes[l].start(new byte[]{7}).index();
        c.sched.runFor(100);
        int f = (l + 1) % 3;
        assertTrue(readAt(c, f) >= w);
    }

    @Test
    void aLeaderCutOffRefusesItsReads() {
        RaftNodeTest.Cluster c = elected(RaftConfig.server());
        int l = c.leader();
        c.connected[l] = false;
        CompletableFuture<Long> f = c.nodes[l].readIndex();
        c.sched.runFor(3000);
        assertTrue(f.isCompletedExceptionally(), "a leader that cannot reach a quorum never confirms");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(ReadRefusedException.class, e.getCause());
    }

    @Test
    void aLeaseLeaderAnswersWithoutARound() throws Exception {
        RaftNodeTest.Cluster c = elected(RaftConfig.server().withLeaseDriftMillis(100));
        int l = c.leader();
        c.sched.runFor(200);   // a heartbeat round has renewed the lease
        int before = c.sent;
        CompletableFuture<Long> f = c.nodes[l].readIndex();
        c.sched.runFor(0);
        assertTrue(f.isDone());
        assertTrue(f.get() >= 1);
        assertEquals(before, c.sent, "answered from the lease: nothing sent");
    }

    @Test
    void aKilledNodeRefusesReads() {
        RaftNodeTest.Cluster c = elected(RaftConfig.server());
        int f = (c.leader() + 1) % 3;
        c.connected[c.leader()] = false;
        CompletableFuture<Long> pending = c.nodes[f].readIndex();
        c.nodes[f].kill();
        assertTrue(pending.isCompletedExceptionally());
        assertTrue(c.nodes[f].readIndex().isCompletedExceptionally());
    }

    @Test
    void aFollowerReadWhoseRequestIsLostIsRefusedAfterTwoElectionTimeouts() {
        RaftNodeTest.Cluster c = elected(RaftConfig.server());
        int l = c.leader();
        int f = (l + 1) % 3;
        c.connected[l] = false;
        CompletableFuture<Long> read = c.nodes[f].readIndex();
        c.sched.runFor(2 * c.config.electionTimeoutMillis() - 50);
        assertFalse(read.isDone(), "still waiting within the deadline");
        c.sched.runFor(100);
        assertTrue(read.isCompletedExceptionally());
    }
}
