package raft.lab;

import raft.node.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import raft.core.Message;
import raft.core.ApplyMsg;
import raft.core.StartResult;
import raft.node.TermState;
import raft.persister.MemoryPersister;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check of the harness fails on a known-bad input (scripted fake peers). */
class HarnessChecksTest {

    /** A scripted peer: the test sets its state and feeds its applier. */
    static final class FakePeer implements Replica {
        final Consumer<ApplyMsg> applier;
        final MemoryPersister persister;
        long term = 1;
        boolean leader;
        boolean acceptStart;
        final List<Long> snapshots = new ArrayList<>();

        FakePeer(Consumer<ApplyMsg> applier, MemoryPersister persister) {
            this.applier = applier;
            this.persister = persister;
        }

        @Override
        public StartResult start(byte[] command) {
            return new StartResult(1, term, acceptStart);
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
        }

        @Override
        public void kill() {
        }

        void apply(long index, Object value) {
            applier.accept(new ApplyMsg.Command(index, term, Commands.encode(value)));
        }
    }

    private final List<FakePeer> peers = new ArrayList<>();
    private VirtualClock clock;
    private LabConfig cfg;

    private LabConfig make(int n, boolean snapshot) {
        clock = new VirtualClock(1);
        PeerFactory f = (id, size, persister, transport, applier, scheduler, ex, random) -> {
            FakePeer p = new FakePeer(applier, persister);
            peers.add(p);
            return p;
        };
        cfg = new LabConfig(clock, f, LabSuite.QUIET, n, false, snapshot);
        return cfg;
    }

    private FakePeer peer(int i) {
        return (FakePeer) cfg.raft(i);
    }

    @AfterEach
    void tearDown() {
        if (cfg != null) {
            cfg.cleanup();
        }
        if (clock != null) {
            clock.close();
        }
    }

    @Test
    void applyingOutOfOrderIsFatal() {
        make(3, false);
        peer(0).apply(1, 10L);
        LabFailure e = assertThrows(LabFailure.class, () -> peer(0).apply(3, 30L));
        assertEquals("apply error: server 0 apply out of order 3", e.getMessage());
        assertThrows(LabFailure.class, () -> cfg.nCommitted(1), "every later check fails too");
    }

    @Test
    void twoValuesAtOneIndexAreFatal() {
        make(3, false);
        peer(0).apply(1, 10L);
        LabFailure e = assertThrows(LabFailure.class, () -> peer(1).apply(1, 11L));
        assertTrue(e.getMessage().contains("commit index=1 server=1 11 != server=0 10"), e.getMessage());
    }

    @Test
    void reapplyingTheSameValueAfterRestartIsAllowed() {
        make(3, false);
        peer(0).apply(1, 10L);
        cfg.start1(0);
        peer(0).apply(1, 10L);
        assertEquals(new LabConfig.Committed(1, 10L), cfg.nCommitted(1));
    }

    @Test
    void strictSnapshotApplierWantsTheNextIndexAndSnapshotsAtNine() {
        make(3, true);
        for (long i = 1; i <= 9; i++) {
            peer(0).apply(i, i * 10);
        }
        assertEquals(List.of(9L), peer(0).snapshots);
        LabFailure e = assertThrows(LabFailure.class, () -> peer(0).apply(11, 110L));
        assertEquals("apply error: server 0 apply out of order, expected index 10, got 11", e.getMessage());
    }

    @Test
    void snapshotMessageMustMatchItsIndex() {
        make(3, true);
        byte[] snap = Commands.encodeSnapshot(9, java.util.Map.of(9L, 90L));
        LabFailure e = assertThrows(LabFailure.class,
                () -> peer(1).applier.accept(new ApplyMsg.Snapshot(19, 1, snap)));
        assertEquals("apply error: server 1 snapshot doesn't match m.SnapshotIndex", e.getMessage());
    }

    @Test
    void snapshotsRoundTripInFullAndSingleValueForm() {
        java.util.Map<Long, Object> log = java.util.Map.of(1L, 10L, 2L, "x", 3L, 30L);
        assertEquals(new Commands.Snapshot(3, log), Commands.decodeSnapshot(Commands.encodeSnapshot(3, log)));
        assertEquals(new Commands.Snapshot(3, java.util.Map.of(3L, 30L)),
                Commands.decodeSnapshot(Commands.encodeSnapshot(3, 3, log)));
        assertThrows(IllegalArgumentException.class, () -> Commands.decodeSnapshot(new byte[]{2, 3}));
    }

    @Test
    void twoLeadersInOneTermFailCheckOneLeader() {
        make(3, false);
        peer(0).leader = true;
        peer(2).leader = true;
        LabFailure e = assertThrows(LabFailure.class, cfg::checkOneLeader);
        assertEquals("term 1 has 2 (>1) leaders", e.getMessage());
    }

    @Test
    void staleLeaderInLowerTermDoesNotFailCheckOneLeader() {
        make(3, false);
        peer(0).leader = true;
        peer(2).leader = true;
        peer(2).term = 2;
        assertEquals(2, cfg.checkOneLeader());
    }

    @Test
    void noLeaderFailsAfterTenTries() {
        make(3, false);
        LabFailure e = assertThrows(LabFailure.class, cfg::checkOneLeader);
        assertEquals("expected one leader, got none", e.getMessage());
        assertTrue(clock.nowMillis() >= 4500 && clock.nowMillis() < 5500, "took " + clock.nowMillis());
    }

    @Test
    void termDisagreementAndUnexpectedLeaderAreCaught() {
        make(3, false);
        peer(1).term = 2;
        assertThrows(LabFailure.class, cfg::checkTerms);
        cfg.disconnect(1);
        assertEquals(1, cfg.checkTerms(), "only connected servers count");
        peer(0).leader = true;
        assertThrows(LabFailure.class, cfg::checkNoLeader);
    }

    @Test
    void oneFailsWhenNothingCommits() {
        make(3, false);
        peer(0).acceptStart = true;
        LabFailure e = assertThrows(LabFailure.class, () -> cfg.one(5L, 3, false));
        assertEquals("one(5) failed to reach agreement", e.getMessage());
        assertThrows(LabFailure.class, () -> cfg.waitFor(1, 1, -1));
    }

    @Test
    void aFailedRunNamesItsSeedAndTheReplayCommand() {
        clock = new VirtualClock(0);
        LabRun.SeedFailure f = assertThrows(LabRun.SeedFailure.class, () -> LabRun.virtual("testX2A", run -> {
            LabConfig c = run.make(3, false, false);
            c.sleep(100);
            c.fatal("boom");
        }, 123, (id, size, persister, transport, applier, scheduler, ex, random) -> new FakePeer(applier, persister),
                LabSuite.QUIET));
        assertEquals(123, f.seed());
        assertTrue(f.getMessage().contains("with seed 123: raft.lab.LabFailure: boom"), f.getMessage());
        assertTrue(f.getMessage().contains("-Dtest=Lab2VirtualTest -Dlab.test=testX2A -Dlab.seed=123"), f.getMessage());
    }

    @Test
    void aCrashKeepsOnlyWhatWasSavedBefore() {
        make(3, false);
        peer(0).persister.save(new byte[]{1, 2, 3}, new byte[]{9});
        FakePeer old = peer(0);
        cfg.crash1(0);
        old.persister.save(new byte[]{7, 7, 7, 7}, null); // written after the crash: lost
        cfg.start1(0);
        assertEquals(3, peer(0).persister.raftStateSize());
        assertEquals(1, peer(0).persister.snapshotSize());
        assertEquals(3, cfg.logSize());
    }
}
