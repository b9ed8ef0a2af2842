package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.ApplyMsg;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotTest {
    private static Entry e(long i, long t) {
        return new Entry(i, t, new byte[]{(byte) i});
    }

    private static RaftCore follower(RaftStorage.Recovered r) {
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), r, new SplittableRandom(1), Tracer.NONE);
        Cores.ready(c);
        return c;
    }

    private static void commitTo(CoreCluster c, int leader, int count) {
        for (int i = 0; i < count; i++) {
            c.cores[leader].clientRequest(new byte[]{(byte) i});
        }
        c.drain(leader);
        c.deliverAll();
        c.run(12);
    }

    @Test
    void serviceSnapshotCompactsLogAndPersistsSnapshot() {
        CoreCluster c = new CoreCluster(3, 5);
        int l = c.awaitLeader();
        commitTo(c, l, 15);
        c.cores[l].snapshot(9, new byte[]{99});
        Ready r = Cores.ready(c.cores[l]);
        assertEquals(9, r.update().snapshot().index());
        c.storages[l].persist(r.update());
        assertEquals(9, c.cores[l].snapshotIndex());
        assertEquals(15, c.cores[l].lastIndex());
        RaftStorage.Recovered rec = c.recovered(l);
        assertEquals(9, rec.snapshotIndex());
        assertEquals(6, rec.entries().size());
        assertArrayEquals(new byte[]{99}, rec.snapshot());
    }

    @Test
    void snapshotOfUnappliedOrOldIndexIsIgnored() {
        CoreCluster c = new CoreCluster(3, 6);
        int l = c.awaitLeader();
        commitTo(c, l, 5);
        c.cores[l].snapshot(50, new byte[]{1});
        assertEquals(0, c.cores[l].snapshotIndex());
        c.cores[l].snapshot(4, new byte[]{1});
        c.cores[l].snapshot(3, new byte[]{2});
        assertEquals(4, c.cores[l].snapshotIndex());
    }

    @Test
    void laggingFollowerGetsInstallSnapshotThenEntries() {
        CoreCluster c = new CoreCluster(3, 7);
        int l = c.awaitLeader();
        int f = (l + 1) % 3;
        c.crash(f);
        commitTo(c, l, 25);
        c.cores[l].snapshot(20, new byte[]{20});
        c.drain(l);
        c.sent.clear();
        c.start(f);
        c.run(15);
        assertTrue(c.sent.stream().anyMatch(m -> m instanceof InstallSnapshot && m.to() == f));
        assertEquals(25, c.cores[f].commitIndex());
        assertEquals(20, c.cores[f].snapshotIndex());
        assertEquals(25, c.applied[f]);
    }

    @Test
    void installSnapshotDeliversSnapshotAndKeepsMatchingSuffix() {
        RaftCore c = follower(new RaftStorage.Recovered(2, -1, 0, 0, null,
                List.of(e(1, 1), e(2, 1), e(3, 2), e(4, 2))));
        c.step(new InstallSnapshot(1, 0, 2, 3, 2, new byte[]{7}));
        Ready r = Cores.ready(c);
        assertEquals(List.of(new InstallSnapshotReply(0, 1, 2, 3)), r.messages());
        assertEquals(1, r.applies().size());
        ApplyMsg.Snapshot s = (ApplyMsg.Snapshot) r.applies().get(0);
        assertEquals(3, s.index());
        assertEquals(2, s.term());
        assertEquals(4, c.lastIndex(), "entry 4 follows the snapshot and matches: kept");
        assertEquals(3, c.commitIndex());
        assertEquals(3, r.update().snapshot().index());
    }

    @Test
    void installSnapshotWithConflictingLogDiscardsIt() {
        RaftCore c = follower(new RaftStorage.Recovered(2, -1, 0, 0, null, List.of(e(1, 1), e(2, 1), e(3, 1))));
        c.step(new InstallSnapshot(1, 0, 3, 3, 2, new byte[]{7}));
        Ready r = Cores.ready(c);
        assertEquals(3, c.lastIndex());
        assertEquals(3, c.snapshotIndex());
        assertEquals(2, c.termAt(3));
        assertEquals(1, r.update().truncateFrom(), "storage drops the whole conflicting log");
    }

    @Test
    void oldOrDuplicateSnapshotNeverMovesServiceBackwards() {
        RaftCore c = follower(RaftStorage.Recovered.empty());
        c.step(new InstallSnapshot(1, 0, 1, 10, 1, new byte[]{10}));
        assertEquals(1, Cores.ready(c).applies().size());
        c.step(new InstallSnapshot(1, 0, 1, 10, 1, new byte[]{10}));
        c.step(new InstallSnapshot(1, 0, 1, 5, 1, new byte[]{5}));
        Ready r = Cores.ready(c);
        assertTrue(r.applies().isEmpty());
        assertEquals(10, c.snapshotIndex());
        assertEquals(2, r.messages().size(), "both are still acknowledged");
    }

    @Test
    void appendBehindSnapshotIsAcceptedForTheRest() {
        RaftCore c = follower(new RaftStorage.Recovered(1, -1, 5, 1, new byte[]{5}, List.of()));
        Cores.ready(c);
        c.step(new AppendEntries(1, 0, 1, 3, 1, List.of(e(4, 1), e(5, 1), e(6, 1)), 6));
        Message.AppendEntriesReply r = (Message.AppendEntriesReply) Cores.ready(c).messages().get(0);
        assertTrue(r.success());
        assertEquals(6, r.matchIndex());
        assertEquals(6, c.lastIndex());
        assertEquals(6, c.commitIndex());
    }

    @Test
    void restartFromSnapshotAppliesSnapshotThenSuffixOnly() {
        RaftCore c = new RaftCore(0, 1, RaftConfig.defaults(),
                new RaftStorage.Recovered(3, 0, 9, 2, new byte[]{9}, List.of(e(10, 3), e(11, 3))),
                new SplittableRandom(1), Tracer.NONE);
        Ready first = Cores.ready(c);
        assertEquals(1, first.applies().size());
        assertEquals(9, first.applies().get(0).index());
        for (int i = 0; i < 1000 && !c.isLeader(); i++) {
            c.tick();
        }
        assertTrue(c.isLeader(), "the up-to-date check uses the snapshot's term when the log is short");
        c.clientRequest(new byte[]{12});
        Cores.ready(c);
        List<ApplyMsg> applies = Cores.ready(c).applies();
        assertEquals(List.of(10L, 11L, 12L), applies.stream().map(ApplyMsg::index).toList());
    }

    @Test
    void staleInstallSnapshotReplyDoesNotMoveMatchBackwards() {
        CoreCluster c = new CoreCluster(3, 8);
        int l = c.awaitLeader();
        commitTo(c, l, 12);
        int f = (l + 1) % 3;
        long match = c.cores[l].matchIndex(f);
        assertEquals(12, match);
        c.cores[l].step(new InstallSnapshotReply(f, l, c.cores[l].currentTerm(), 3));
        assertEquals(12, c.cores[l].matchIndex(f));
        assertEquals(13, c.cores[l].nextIndex(f));
    }

    @Test
    void conflictHintStopsAtTheSnapshotBoundary() {
        RaftCore c = follower(new RaftStorage.Recovered(2, -1, 5, 2, new byte[]{5}, List.of(e(6, 2), e(7, 2))));
        Cores.ready(c);
        c.step(new AppendEntries(1, 0, 3, 7, 3, List.of(), 0));
        Message.AppendEntriesReply r = (Message.AppendEntriesReply) Cores.ready(c).messages().get(0);
        assertFalse(r.success());
        assertEquals(2, r.conflictTerm());
        assertEquals(6, r.conflictIndex(), "the first index this log still holds");
    }

    @Test
    void leaderFindsConflictTermAtItsSnapshotBoundary() {
        RaftCore l = Cores.leader(3, RaftConfig.defaults(),
                new RaftStorage.Recovered(3, -1, 5, 2, new byte[]{5}, List.of(e(6, 3), e(7, 3))));
        l.step(new Message.AppendEntriesReply(1, 0, l.currentTerm(), false, 0, 2, 3));
        Message m = Cores.ready(l).messages().get(0);
        AppendEntries a = assertInstanceOf(AppendEntries.class, m);
        assertEquals(5, a.prevLogIndex(), "leader's last term-2 index is its snapshot's: resend from 6");
        assertEquals(2, a.prevLogTerm());
    }
}
