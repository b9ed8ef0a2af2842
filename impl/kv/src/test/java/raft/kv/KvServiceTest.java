package raft.kv;

import raft.node.Replica;
import org.junit.jupiter.api.Test;
import raft.core.ApplyMsg;
import raft.core.Message;
import raft.core.StartResult;
import raft.node.TermState;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The service against a scripted Raft: what each waiting client is told, and when. */
class KvServiceTest {

    record Started(long index, long term, byte[] entry) {}

    static final class FakeRaft extends FakeRaftBase {}

    /** Scripted Raft: start() records the proposal; the test applies it. */
    static class FakeRaftBase implements Replica {
        volatile boolean leader = true;
        volatile long term = 1;
        long next = 1;
        final BlockingQueue<Started> started = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> snapshots = new LinkedBlockingQueue<>();
        /** The thread of each start(), in order. */
        final BlockingQueue<Thread> startedOn = new LinkedBlockingQueue<>();

        @Override
        public synchronized StartResult start(byte[] command) {
            if (!leader) {
                return new StartResult(-1, term, false);
            }
            // One read of term: a test may change it as soon as started.add() wakes it up.
            startedOn.add(Thread.currentThread());
            Started s = new Started(next++, term, command);
            started.add(s);
            return new StartResult(s.index(), s.term(), true);
        }

        @Override
        public TermState state() {
            return new TermState(term, leader);
        }

        @Override
        public void snapshot(long index, byte[] snapshot) {
            snapshots.add(index);
        }

        @Override
        public void receive(Message m) {
            throw new AssertionError("the service never routes Raft messages: " + m);
        }

        @Override
        public void kill() {
            leader = false;
        }

        Started take() throws InterruptedException {
            Started s = started.poll(5, TimeUnit.SECONDS);
            assertNotNull(s, "nothing was proposed");
            return s;
        }
    }

    record Answer(Wire.Status status, Result result) {}

    static CompletableFuture<Answer> submit(KvService svc, Command c) {
        CompletableFuture<Answer> f = new CompletableFuture<>();
        svc.submit(c, (st, r) -> f.complete(new Answer(st, r)));
        return f;
    }

    static Answer get(CompletableFuture<Answer> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void answersOnceTheEntryIsApplied() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        var put = submit(svc, Command.put(1, 1, "k", "v"));
        Started s = raft.take();
        Thread.sleep(50);
        assertEquals(false, put.isDone(), "no answer before the entry is applied");
        svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
        assertEquals(Wire.Status.OK, get(put).status());
        var read = submit(svc, Command.get(1, 2, "k"));
        Started r = raft.take();
        svc.apply(new ApplyMsg.Command(r.index(), r.term(), r.entry()));
        assertEquals("v", get(read).result().value());
    }

    @Test
    void notLeaderIsRefusedAtOnce() throws Exception {
        FakeRaft raft = new FakeRaft();
        raft.leader = false;
        KvService svc = new KvService(raft, 0);
        assertEquals(Wire.Status.NOT_LEADER, get(submit(svc, Command.put(1, 1, "k", "v"))).status());
    }

    @Test
    void anotherEntryAtTheIndexMakesTheOutcomeUncertain() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        var put = submit(svc, Command.put(1, 1, "k", "v"));
        Started s = raft.take();
        // A new leader overwrote index s with some other client's command.
        byte[] other = Batch.encode(99, List.of(Command.put(2, 1, "k", "w")));
        svc.apply(new ApplyMsg.Command(s.index(), s.term() + 1, other));
        assertEquals(Wire.Status.UNCERTAIN, get(put).status());
        assertEquals("w", svc.readLocal("k"));
    }

    @Test
    void lostLeadershipMakesWaitersUncertain() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        var put = submit(svc, Command.put(1, 1, "k", "v"));
        raft.take();
        svc.checkLeadership();
        assertEquals(false, put.isDone(), "still leader in the same term: keep waiting");
        raft.term = 2;
        // As in the server, the check runs periodically: start() may not have returned its term to
        // the service yet when the first check runs (such a proposal is skipped until it has).
        for (int i = 0; i < 500 && !put.isDone(); i++) {
            svc.checkLeadership();
            Thread.sleep(10);
        }
        assertEquals(Wire.Status.UNCERTAIN, get(put).status());
    }

    @Test
    void commandsQueuedDuringAProposalShareTheNextEntry() throws Exception {
        FakeRaft raft = new FakeRaft();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CountDownLatch entered = new CountDownLatch(1);
        Replica slow = new Replica() {
            public StartResult start(byte[] c) {
                entered.countDown();
                gate.join();   // the first proposal is stuck persisting
                return raft.start(c);
            }

            public TermState state() {
                return raft.state();
            }

            public void snapshot(long i, byte[] s) {
                raft.snapshot(i, s);
            }

            public void receive(Message m) {
                raft.receive(m);
            }

            public void kill() {
                raft.kill();
            }
        };
        KvService svc = new KvService(slow, 0);
        var first = submit(svc, Command.put(1, 1, "a", "1"));
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the first proposal reached start()");
        var second = submit(svc, Command.put(2, 1, "b", "2"));
        var third = submit(svc, Command.put(3, 1, "c", "3"));
        gate.complete(null);
        Started s1 = raft.take(), s2 = raft.take();
        assertEquals(1, Batch.decode(s1.entry()).commands().size());
        assertEquals(2, Batch.decode(s2.entry()).commands().size(), "the two commands that waited form one entry");
        svc.apply(new ApplyMsg.Command(s1.index(), 1, s1.entry()));
        svc.apply(new ApplyMsg.Command(s2.index(), 1, s2.entry()));
        assertEquals(Wire.Status.OK, get(first).status());
        assertEquals(Wire.Status.OK, get(second).status());
        assertEquals(Wire.Status.OK, get(third).status());
        assertEquals("3", svc.readLocal("c"));
    }

    /**
     * An embedded client keeping requests in flight submits its next command from the reply to
     * the last. Those submitted while one entry's replies are sent form one entry, even if the
     * replying thread is slow between them: the proposer is woken after the last reply, not by
     * the first command (which it would otherwise propose alone, one fsync for one command).
     */
    @Test
    void commandsSubmittedFromOneEntrysRepliesShareTheNextEntry() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        List<CompletableFuture<Answer>> next = new java.util.concurrent.CopyOnWriteArrayList<>();
        svc.submit(Command.put(1, 1, "a", "0"), (st, r) -> {
            for (int i = 0; i < 8; i++) {
                next.add(submit(svc, Command.put(2 + i, 1, "k" + i, "v")));
                if (i == 0) {
                    sleep(100);   // ample time for a proposer woken by the first to take it alone
                }
            }
        });
        Started s = raft.take();
        awaitIdle(raft.startedOn.take());
        svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
        Started s2 = raft.take();
        assertEquals(8, Batch.decode(s2.entry()).commands().size(), "the eight commands form one entry");
        assertEquals("kv-proposer", raft.startedOn.take().getName(), "a batch is left to the proposer");
        assertTrue(raft.started.isEmpty());
        svc.apply(new ApplyMsg.Command(s2.index(), s2.term(), s2.entry()));
        for (var f : next) {
            assertEquals(Wire.Status.OK, get(f).status());
        }
    }

    /**
     * With nothing else in flight, a lone command submitted from an entry's reply is proposed by
     * the replying thread once its last reply is sent, not handed to the proposer (a wake-up on
     * the path of every write of a client that keeps one request in flight).
     */
    @Test
    void theReplyingThreadProposesTheNextEntryWhenTheProposerIsIdle() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        CompletableFuture<CompletableFuture<Answer>> next = new CompletableFuture<>();
        Started s = proposeOneWhoseReplySubmitsAnother(raft, svc, next);
        svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
        Started s2 = raft.take();
        assertEquals(Thread.currentThread(), raft.startedOn.take(), "proposed by the thread that applied and replied");
        svc.apply(new ApplyMsg.Command(s2.index(), s2.term(), s2.entry()));
        assertEquals(Wire.Status.OK, get(next.get(5, TimeUnit.SECONDS)).status());
    }

    /** With another proposal awaiting its entry, the commands go to the proposer (they may batch with more). */
    @Test
    void withAProposalInFlightTheNextEntryIsLeftToTheProposer() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 0);
        CompletableFuture<CompletableFuture<Answer>> next = new CompletableFuture<>();
        Started s1 = proposeOneWhoseReplySubmitsAnother(raft, svc, next);
        var other = submit(svc, Command.put(2, 1, "c", "2"));
        Started s2 = raft.take();
        awaitIdle(raft.startedOn.take());
        svc.apply(new ApplyMsg.Command(s1.index(), s1.term(), s1.entry()));
        Started s3 = raft.take();
        assertEquals("kv-proposer", raft.startedOn.take().getName(), "s2 is in flight: the proposer proposes");
        svc.apply(new ApplyMsg.Command(s2.index(), s2.term(), s2.entry()));
        svc.apply(new ApplyMsg.Command(s3.index(), s3.term(), s3.entry()));
        assertEquals(Wire.Status.OK, get(other).status());
        assertEquals(Wire.Status.OK, get(next.get(5, TimeUnit.SECONDS)).status());
    }

    /**
     * Submits a command whose reply submits the next (next completes with that one's answer) and
     * returns the first's proposal, once the proposer that made it is idle again.
     */
    private static Started proposeOneWhoseReplySubmitsAnother(FakeRaft raft, KvService svc,
            CompletableFuture<CompletableFuture<Answer>> next) throws InterruptedException {
        svc.submit(Command.put(1, 1, "a", "0"), (st, r) -> next.complete(submit(svc, Command.put(1, 2, "b", "1"))));
        Started s = raft.take();
        awaitIdle(raft.startedOn.take());   // a command submitted alone goes to the proposer
        return s;
    }

    /** Until the proposer is back waiting for commands (it waits nowhere else). */
    static void awaitIdle(Thread proposer) {
        assertEquals("kv-proposer", proposer.getName());
        while (proposer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void snapshotsAreTakenAndInstalled() throws Exception {
        FakeRaft raft = new FakeRaft();
        KvService svc = new KvService(raft, 2);
        for (int i = 1; i <= 4; i++) {
            var f = submit(svc, Command.put(1, i, "k", "v" + i));
            Started s = raft.take();
            svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
            get(f);
        }
        assertEquals(2L, raft.snapshots.poll(1, TimeUnit.SECONDS));
        assertEquals(4L, raft.snapshots.poll(1, TimeUnit.SECONDS));

        KvStateMachine other = new KvStateMachine();
        other.apply(9, Command.put(5, 1, "z", "zz"));
        KvService follower = new KvService(new FakeRaft(), 0);
        follower.apply(new ApplyMsg.Snapshot(9, 3, other.snapshot()));
        assertEquals("zz", follower.readLocal("z"));
        assertNull(follower.readLocal("k"));
        assertEquals(9, follower.appliedIndex());
    }

    @Test
    void snapshotsAreTakenByCommandBytesWhenEntriesAreFew() throws Exception {
        FakeRaft raft = new FakeRaft();
        // Entries alone would not snapshot before 1000 of them; 1500 command bytes do it sooner.
        KvService svc = new KvService(raft, 1000, 1500, ReadOptions.log(), 0, () -> 0L);
        String value = "v".repeat(600);
        long[] sizes = new long[4];
        for (int i = 1; i <= 4; i++) {
            var f = submit(svc, Command.put(1, i, "k", value + i));
            Started s = raft.take();
            sizes[i - 1] = s.entry().length;
            svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
            get(f);
        }
        // Each entry holds one put of about 600 bytes: the third crosses 1500, and the count restarts.
        assertTrue(sizes[0] > 600 && sizes[0] + sizes[1] < 1500 && sizes[0] + sizes[1] + sizes[2] >= 1500,
                java.util.Arrays.toString(sizes));
        // apply() hands snapshots to Raft before it returns, so the queue is complete here.
        assertEquals(3L, raft.snapshots.poll());
        assertNull(raft.snapshots.poll(), "the fourth entry alone is under 1500 bytes");
        assertEquals(value + "4", svc.readLocal("k"));
    }
}
