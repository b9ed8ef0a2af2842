package raft.kv;

import org.junit.jupiter.api.Test;
import raft.core.ApplyMsg;
import raft.node.ReadRefusedException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.*;

/** The service's read modes against a scripted Raft: which path a GET takes and what it is told. */
class KvReadTest {
    /** A FakeRaft whose readIndex() hands back futures the test completes. */
    static final class ReadRaft extends KvServiceTest.FakeRaftBase {
        final LinkedBlockingQueue<CompletableFuture<Long>> reads = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Long> readIndex() {
            CompletableFuture<Long> f = new CompletableFuture<>();
            reads.add(f);
            return f;
        }
    }

    /** A service whose state machine holds k=v at index 2, after the leader's no-op at 1 (which it skips). */
    static KvService withValue(ReadRaft raft, ReadOptions options) throws Exception {
        KvService svc = new KvService(raft, 0, options);
        svc.apply(new ApplyMsg.Command(1, 1, new byte[0]));
        raft.next = 2;
        var put = KvServiceTest.submit(svc, Command.put(1, 1, "k", "v"));
        KvServiceTest.Started s = raft.take();
        svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
        assertEquals(Wire.Status.OK, KvServiceTest.get(put).status());
        return svc;
    }

    @Test
    void readIndexModeAnswersFromLocalStateOnceTheReadIsConfirmed() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = withValue(raft, new ReadOptions(ReadMode.READ_INDEX, false, false));
        var read = KvServiceTest.submit(svc, Command.get(2, 1, "k"));
        CompletableFuture<Long> f = raft.reads.take();
        assertFalse(read.isDone(), "not before the read index is confirmed");
        assertTrue(raft.started.isEmpty(), "no log entry for a read");
        f.complete(2L);
        assertEquals(new KvServiceTest.Answer(Wire.Status.OK, new Result(true, "v")), KvServiceTest.get(read));
    }

    /** GETs submitted from a write's reply share one read index, as commands share one entry. */
    @Test
    void readsSubmittedFromOneEntrysRepliesShareOneReadIndex() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = withValue(raft, new ReadOptions(ReadMode.READ_INDEX, false, false));
        java.util.List<CompletableFuture<KvServiceTest.Answer>> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        svc.submit(Command.put(1, 2, "k", "w"), (st, r) -> {
            for (int i = 0; i < 4; i++) {
                reads.add(KvServiceTest.submit(svc, Command.get(2 + i, 1, "k")));
            }
        });
        KvServiceTest.Started s = raft.take();
        svc.apply(new ApplyMsg.Command(s.index(), s.term(), s.entry()));
        raft.reads.take().complete(s.index());
        for (var f : reads) {
            assertEquals(new KvServiceTest.Answer(Wire.Status.OK, new Result(true, "w")), KvServiceTest.get(f));
        }
        assertTrue(raft.reads.isEmpty(), "one read index confirmed all four");
    }

    @Test
    void aRefusedReadIsNotLeader() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = new KvService(raft, 0, new ReadOptions(ReadMode.READ_INDEX, false, false));
        var read = KvServiceTest.submit(svc, Command.get(2, 1, "k"));
        raft.reads.take().completeExceptionally(new ReadRefusedException("deposed"));
        assertEquals(Wire.Status.NOT_LEADER, KvServiceTest.get(read).status());
    }

    @Test
    void aFollowerRefusesReadsUnlessFollowerReadsAreOn() throws Exception {
        ReadRaft raft = new ReadRaft();
        raft.leader = false;
        KvService plain = new KvService(raft, 0, new ReadOptions(ReadMode.READ_INDEX, false, false));
        assertEquals(Wire.Status.NOT_LEADER, KvServiceTest.get(KvServiceTest.submit(plain, Command.get(2, 1, "k"))).status());
        assertTrue(raft.reads.isEmpty());
        KvService follower = new KvService(raft, 0, new ReadOptions(ReadMode.READ_INDEX, true, false));
        var read = KvServiceTest.submit(follower, Command.get(2, 2, "k"));
        raft.reads.take().complete(0L);
        assertEquals(Wire.Status.OK, KvServiceTest.get(read).status());
    }

    @Test
    void unsafeReadsAnswerAtOnceOnANodeThatBelievesItLeads() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = withValue(raft, new ReadOptions(ReadMode.READ_INDEX, false, true));
        assertEquals(new KvServiceTest.Answer(Wire.Status.OK, new Result(true, "v")),
                KvServiceTest.get(KvServiceTest.submit(svc, Command.get(2, 1, "k"))));
        assertTrue(raft.reads.isEmpty(), "no confirmation asked for");
        raft.leader = false;
        assertEquals(Wire.Status.NOT_LEADER, KvServiceTest.get(KvServiceTest.submit(svc, Command.get(2, 2, "k"))).status());
    }

    @Test
    void logModeReadsGoThroughTheLog() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = new KvService(raft, 0, ReadOptions.log());
        KvServiceTest.submit(svc, Command.get(2, 1, "k"));
        assertNotNull(raft.take());
        assertTrue(raft.reads.isEmpty());
    }

    @Test
    void readModesHaveTheirOptionSpelling() {
        for (ReadMode m : ReadMode.values()) {
            assertEquals(m, ReadMode.ofFlag(m.flag()));
        }
        assertEquals(ReadMode.READ_INDEX, ReadMode.ofFlag("read-index"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReadMode.ofFlag("fast")).getMessage()
                .contains("log, read-index or lease"));
    }

    @Test
    void getsArrivingWhileAReadIsOutstandingShareTheNextOne() throws Exception {
        ReadRaft raft = new ReadRaft();
        KvService svc = withValue(raft, new ReadOptions(ReadMode.READ_INDEX, false, false));
        var first = KvServiceTest.submit(svc, Command.get(2, 1, "k"));
        CompletableFuture<Long> r1 = raft.reads.take();
        var second = KvServiceTest.submit(svc, Command.get(3, 1, "k"));
        var third = KvServiceTest.submit(svc, Command.get(4, 1, "k"));
        assertTrue(raft.reads.isEmpty(), "no second readIndex while one is outstanding");
        r1.complete(2L);
        assertEquals(Wire.Status.OK, KvServiceTest.get(first).status());
        CompletableFuture<Long> r2 = raft.reads.take();
        assertTrue(raft.reads.isEmpty(), "the two waiting GETs share one");
        assertFalse(second.isDone());
        r2.complete(2L);
        assertEquals(Wire.Status.OK, KvServiceTest.get(second).status());
        assertEquals(Wire.Status.OK, KvServiceTest.get(third).status());
    }
}
