package raft.node;

import raft.core.ApplyMsg;
import raft.core.StartResult;
import org.junit.jupiter.api.Test;
import raft.core.Message;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.*;

class RaftNodeTest {
    /** Three nodes in virtual time; messages delivered 1 ms later; applies run as scheduler events. */
    static final class Cluster {
        final VirtualScheduler sched = new VirtualScheduler();
        final RaftNode[] nodes = new RaftNode[3];
        final MemoryPersister[] persisters = new MemoryPersister[3];
        final List<List<ApplyMsg>> applied = new ArrayList<>();
        final ReentrantLock[] locks = new ReentrantLock[3];
        final boolean[] connected = {true, true, true};
        int sent;
        final raft.core.RaftConfig config;

        Cluster() {
            this(raft.core.RaftConfig.defaults());
        }

        Cluster(raft.core.RaftConfig config) {
            this.config = config;
            for (int i = 0; i < 3; i++) {
                persisters[i] = new MemoryPersister();
                applied.add(new ArrayList<>());
                start(i);
            }
        }

        void start(int i) {
            List<ApplyMsg> out = applied.get(i);
            locks[i] = new ReentrantLock();
            ReentrantLock lock = locks[i];
            nodes[i] = RaftNode.newBuilder().id(i).clusterSize(3).config(config).storage(new PersisterStorage(persisters[i]))
                    .transport(m -> {
                        sent++;
                        if (connected[m.from()] && connected[m.to()]) {
                            sched.schedule(1, () -> nodes[m.to()].receive(m));
                        }
                    })
                    .applier(m -> {
                        assertFalse(lock.isHeldByCurrentThread(), "applier called under the node lock");
                        out.add(m);
                    })
                    .scheduler(sched).applyExecutor(task -> sched.schedule(0, task)).lock(lock)
                    .random(new SplittableRandom(100 + i)).build();
        }

        int leader() {
            int l = -1;
            for (int i = 0; i < 3; i++) {
                if (connected[i] && nodes[i].state().isLeader()) {
                    assertEquals(-1, l, "two connected leaders");
                    l = i;
                }
            }
            return l;
        }
    }

    @Test
    void electsLeaderAndReplicatesInVirtualTime() {
        Cluster c = new Cluster();
        c.sched.runFor(2000);
        int l = c.leader();
        assertTrue(l >= 0);
        StartResult r = c.nodes[l].start(new byte[]{42});
        assertTrue(r.isLeader());
        assertEquals(1, r.index());
        c.sched.runFor(100);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, c.applied.get(i).size());
            assertArrayEquals(new byte[]{42}, ((ApplyMsg.Command) c.applied.get(i).get(0)).command());
        }
    }

    @Test
    void commitReachesFollowersWellBeforeNextHeartbeat() {
        Cluster c = new Cluster();
        c.sched.runFor(2000);
        int l = c.leader();
        c.nodes[l].start(new byte[]{1});
        c.sched.runFor(10);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, c.applied.get(i).size(), "node " + i + " applied within 10 virtual ms");
        }
    }

    @Test
    void idleLeaderSendsAtMostTenHeartbeatsPerSecondPerFollower() {
        Cluster c = new Cluster();
        c.sched.runFor(3000);
        int before = c.sent;
        c.sched.runFor(1000);
        int requests = (c.sent - before) / 2;
        assertTrue(requests <= 20, requests + " heartbeats to 2 followers in 1 s");
        assertTrue(requests >= 10, "heartbeats keep flowing");
    }

    @Test
    void killedNodeSendsAndAppliesNothing() {
        Cluster c = new Cluster();
        c.sched.runFor(2000);
        int l = c.leader();
        c.nodes[l].start(new byte[]{1});
        c.nodes[l].kill();
        int sentBefore = c.sent;
        int appliedBefore = c.applied.get(l).size();
        c.sched.runFor(3000);
        assertEquals(appliedBefore, c.applied.get(l).size());
        assertFalse(c.nodes[l].start(new byte[]{2}).isLeader());
        // Other nodes elect a new leader and keep sending, but none of those come from l.
        assertTrue(c.sent > sentBefore);
    }

    @Test
    void restartFromPersisterKeepsLog() {
        Cluster c = new Cluster();
        c.sched.runFor(2000);
        int l = c.leader();
        for (int i = 1; i <= 5; i++) {
            c.nodes[l].start(new byte[]{(byte) i});
        }
        c.sched.runFor(200);
        for (int i = 0; i < 3; i++) {
            c.nodes[i].kill();
            c.persisters[i] = c.persisters[i].copy();
            c.applied.get(i).clear();
        }
        for (int i = 0; i < 3; i++) {
            c.start(i);
        }
        c.sched.runFor(2000);
        int l2 = c.leader();
        assertEquals(6, c.nodes[l2].start(new byte[]{6}).index());
        c.sched.runFor(200);
        for (int i = 0; i < 3; i++) {
            assertEquals(6, c.applied.get(i).size());
        }
    }

    @Test
    void snapshotFromInsideApplierDoesNotDeadlockAndCompacts() {
        VirtualScheduler sched = new VirtualScheduler();
        MemoryPersister p = new MemoryPersister();
        List<Long> seen = new ArrayList<>();
        RaftNode[] self = new RaftNode[1];
        // One-node cluster with an inline apply executor: the worst case for re-entrancy.
        self[0] = RaftNode.newBuilder().id(0).clusterSize(1).storage(new PersisterStorage(p))
                .transport(m -> fail("no peers"))
                .applier(m -> {
                    seen.add(m.index());
                    if (m.index() % 10 == 9) {
                        self[0].snapshot(m.index(), new byte[]{(byte) m.index()});
                    }
                })
                .scheduler(sched).applyExecutor(Runnable::run).random(new SplittableRandom(1)).build();
        sched.runFor(1000);
        assertTrue(self[0].state().isLeader());
        for (int i = 1; i <= 25; i++) {
            self[0].start(new byte[]{(byte) i});
        }
        assertEquals(25, seen.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(i + 1, seen.get(i));
        }
        assertArrayEquals(new byte[]{19}, p.readSnapshot());
        assertTrue(p.raftStateSize() < 100, "log compacted to the last 6 entries: " + p.raftStateSize());
    }

    @Test
    void messagesFollowPersistence() {
        VirtualScheduler sched = new VirtualScheduler();
        MemoryPersister p = new MemoryPersister();
        List<Message> out = new ArrayList<>();
        RaftNode.newBuilder().id(0).clusterSize(3).storage(new PersisterStorage(p))
                .transport(m -> {
                    // By the time a RequestVote leaves, the vote for self in its term is durable.
                    var rec = new PersisterStorage(p.copy()).recover();
                    assertEquals(m.term(), rec.term());
                    assertEquals(0, rec.votedFor());
                    out.add(m);
                })
                .applier(m -> {}).scheduler(sched).applyExecutor(Runnable::run)
                .random(new SplittableRandom(1)).build();
        sched.runFor(1000);
        assertFalse(out.isEmpty());
    }

    @Test
    void killFromInsideApplierStopsFurtherDeliveries() {
        VirtualScheduler sched = new VirtualScheduler();
        List<Long> seen = new ArrayList<>();
        RaftNode[] self = new RaftNode[1];
        self[0] = RaftNode.newBuilder().id(0).clusterSize(1).storage(new PersisterStorage(new MemoryPersister()))
                .transport(m -> fail("no peers"))
                .applier(m -> {
                    seen.add(m.index());
                    if (m.index() == 3) {
                        self[0].kill();
                    }
                })
                .scheduler(sched).applyExecutor(task -> sched.schedule(0, task))
                .random(new SplittableRandom(1)).build();
        sched.runFor(1000);
        for (int i = 1; i <= 6; i++) {
            self[0].start(new byte[]{(byte) i});
        }
        sched.runFor(100);
        assertEquals(List.of(1L, 2L, 3L), seen);
    }

    /** PersisterStorage that logs each persist into a shared event list and can run a hook inside it. */
    private static final class LoggingStorage implements raft.core.RaftStorage {
        final PersisterStorage inner;
        final List<String> events;
        volatile Runnable during = () -> {};

        LoggingStorage(MemoryPersister p, List<String> events) {
            this.inner = new PersisterStorage(p);
            this.events = events;
        }

        @Override
        public Recovered recover() {
            return inner.recover();
        }

        @Override
        public void persist(Update u) {
            during.run();
            if (u.snapshot() != null && !u.append().isEmpty() && u.append().get(0).index() > u.snapshot().index()) {
                // Update's order is append, then snapshot: entries after the snapshot would land on the old log.
                throw new IllegalArgumentException("entries after snapshot " + u.snapshot().index() + " in its update");
            }
            inner.persist(u);
            synchronized (events) {
                events.add("persist " + (u.snapshot() == null ? "" : "snapshot " + u.snapshot().index() + " ")
                        + (u.append().isEmpty() ? "-" : u.append().get(u.append().size() - 1).index()));
            }
        }
    }

    private static RaftNode electedLeader(VirtualScheduler sched, LoggingStorage st, List<String> events,
                                          List<Message> out) {
        Transport logging = new Transport() {
            @Override
            public void send(Message m) {
                synchronized (events) {
                    events.add("send " + m.getClass().getSimpleName() + " to " + m.to()
                            + (m instanceof Message.AppendEntries ae && !ae.entries().isEmpty()
                            ? " up to " + ae.entries().get(ae.entries().size() - 1).index() : ""));
                }
                out.add(m);
            }

            @Override
            public void flushDeferred() {
                synchronized (events) {
                    events.add("flush deferred sends");
                }
            }
        };
        RaftNode n = RaftNode.newBuilder().id(0).clusterSize(3).storage(st).transport(logging)
                .applier(m -> {}).scheduler(sched).applyExecutor(Runnable::run)
                .random(new SplittableRandom(1)).build();
        while (out.stream().noneMatch(m -> m instanceof Message.RequestVote)) {
            sched.runFor(10);
        }
        n.receive(new Message.RequestVoteReply(1, 0, n.state().term(), true));
        assertTrue(n.state().isLeader());
        // Let the first heartbeats be answered, so both followers are idle.
        for (int p = 1; p <= 2; p++) {
            n.receive(new Message.AppendEntriesReply(p, 0, n.state().term(), true, 0, 0, 0));
        }
        synchronized (events) {
            events.clear();
        }
        out.clear();
        return n;
    }

    @Test
    void leaderShipsANewEntryBeforeItsOwnWriteAndCommitsOnlyAfterIt() {
        VirtualScheduler sched = new VirtualScheduler();
        List<String> events = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        LoggingStorage st = new LoggingStorage(new MemoryPersister(), events);
        RaftNode n = electedLeader(sched, st, events, out);
        st.during = () -> assertEquals(0, n.commitIndex(), "nothing commits before the leader's write or an ack");
        n.start(new byte[]{7});
        assertEquals(List.of("send AppendEntries to 1 up to 1", "send AppendEntries to 2 up to 1",
                        "flush deferred sends", "persist 1"), events,
                "idle followers get the entry at once, without the flush timer, and the transport lets it go"
                        + " before the fsync blocks this thread");
        n.receive(new Message.AppendEntriesReply(1, 0, n.state().term(), true, 1, 0, 0));
        assertEquals(1, n.commitIndex(), "durable on the leader and one follower");
    }

    @Test
    void stateAndRepliesDoNotWaitForTheLeadersWrite() throws Exception {
        VirtualScheduler sched = new VirtualScheduler();
        List<String> events = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        LoggingStorage st = new LoggingStorage(new MemoryPersister(), events);
        RaftNode n = electedLeader(sched, st, events, out);
        long term = n.state().term();
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            st.during = () -> {
                // Inside the fsync, another thread reads state() and delivers a follower's ack:
                // neither may wait for this write (it would deadlock here if they did).
                try {
                    TermState s = other.submit(n::state).get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertTrue(s.isLeader());
                    other.submit(() -> n.receive(new Message.AppendEntriesReply(1, 0, term, true, 1, 0, 0)))
                            .get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("blocked behind the leader's write", e);
                }
            };
            n.start(new byte[]{1});
            st.during = () -> {};
        } finally {
            other.shutdownNow();
        }
        assertEquals(1, n.commitIndex());
    }

    /** Node 1 of 3, fed by hand as node 0's follower: virtual time, applies inline. */
    private static RaftNode follower(VirtualScheduler sched, raft.core.RaftStorage storage, Transport transport) {
        return RaftNode.newBuilder().id(1).clusterSize(3).storage(storage).transport(transport)
                .applier(m -> {}).scheduler(sched).applyExecutor(Runnable::run)
                .random(new SplittableRandom(1)).build();
    }

    @Test
    void followerRepliesSuccessOnlyOnceTheEntriesAreDurable() {
        VirtualScheduler sched = new VirtualScheduler();
        MemoryPersister p = new MemoryPersister();
        List<Message.AppendEntriesReply> replies = new ArrayList<>();
        RaftNode f = follower(sched, new PersisterStorage(p), m -> {
            if (m instanceof Message.AppendEntriesReply r && r.success()) {
                var rec = new PersisterStorage(p.copy()).recover();
                long last = rec.snapshotIndex() + rec.entries().size();
                assertTrue(last >= r.matchIndex(), "acked " + r.matchIndex() + " with " + last + " durable");
                replies.add(r);
            }
        });
        List<raft.core.Entry> es = List.of(new raft.core.Entry(1, 1, new byte[]{1}),
                new raft.core.Entry(2, 1, new byte[]{2}));
        f.receive(new Message.AppendEntries(0, 1, 1, 0, 0, es, 0));
        f.receive(new Message.AppendEntries(0, 1, 1, 0, 0, es, 0));   // duplicate: nothing new to write
        f.receive(new Message.AppendEntries(0, 1, 1, 2, 1, List.of(new raft.core.Entry(3, 1, new byte[]{3})), 2));
        assertEquals(List.of(2L, 2L, 3L), replies.stream().map(Message.AppendEntriesReply::matchIndex).toList());
    }
    @Test
    void followerMakesABatchOfAppendEntriesDurableWithOneWriteAndRepliesToEachAfterIt() {
        VirtualScheduler sched = new VirtualScheduler();
        List<String> events = new ArrayList<>();
        MemoryPersister p = new MemoryPersister();
        LoggingStorage st = new LoggingStorage(p, events);
        RaftNode f = follower(sched, st, m -> {
            if (m instanceof Message.AppendEntriesReply r) {
                synchronized (events) {
                    events.add("reply " + r.success() + " " + r.matchIndex());
                }
            }
        });
        f.receiveAll(List.of(
                new Message.AppendEntries(0, 1, 1, 0, 0, List.of(new raft.core.Entry(1, 1, new byte[]{1}),
                        new raft.core.Entry(2, 1, new byte[]{2})), 0),
                new Message.AppendEntries(0, 1, 1, 2, 1, List.of(new raft.core.Entry(3, 1, new byte[]{3})), 2),
                new Message.AppendEntries(0, 1, 1, 7, 1, List.of(), 2),   // a gap: refused, as alone
                new Message.AppendEntries(0, 1, 1, 3, 1, List.of(new raft.core.Entry(4, 1, new byte[]{4})), 3)));
        assertEquals(List.of("persist 4", "reply true 2", "reply true 3", "reply false 0", "reply true 4"),
                events.stream().map(e -> e.startsWith("reply false") ? "reply false 0" : e).toList(),
                "one write for the batch, every reply after it, in order");
        var rec = new PersisterStorage(p.copy()).recover();
        assertEquals(4, rec.snapshotIndex() + rec.entries().size());
        assertEquals(1, rec.term());
    }

    @Test
    void aBatchWithAnInstallSnapshotWritesTheSnapshotBeforeTheEntriesAfterIt() {
        VirtualScheduler sched = new VirtualScheduler();
        List<String> events = new ArrayList<>();
        MemoryPersister p = new MemoryPersister();
        LoggingStorage st = new LoggingStorage(p, events);
        RaftNode f = follower(sched, st, m -> {});
        // What a joiner or a lagging follower gets: the snapshot, then the entries after it, queued together.
        f.receiveAll(List.of(
                new Message.InstallSnapshot(0, 1, 1, 5, 1, new byte[]{9}, null),
                new Message.AppendEntries(0, 1, 1, 5, 1, List.of(new raft.core.Entry(6, 1, new byte[]{6})), 6)));
        assertEquals(List.of("persist snapshot 5 -", "persist 6"), events);
        var rec = new PersisterStorage(p.copy()).recover();
        assertEquals(5, rec.snapshotIndex());
        assertEquals(1, rec.entries().size());
    }
}
