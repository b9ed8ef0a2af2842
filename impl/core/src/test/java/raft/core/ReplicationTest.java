package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.RaftConfig;
import raft.core.StartResult;
import raft.core.RaftStorage;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ReplicationTest {
    private static byte[] cmd(int v) {
        return new byte[]{(byte) v};
    }

    private static Entry e(long index, long term) {
        return new Entry(index, term, cmd((int) index));
    }

    private static RaftCore follower(long term, List<Entry> log) {
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), new RaftStorage.Recovered(term, -1, 0, 0, null, log),
                new SplittableRandom(1), Tracer.NONE);
        Cores.ready(c);
        return c;
    }

    private static AppendEntriesReply reply(RaftCore c) {
        List<Message> ms = Cores.ready(c).messages();
        assertEquals(1, ms.size());
        return (AppendEntriesReply) ms.get(0);
    }

    @Test
    void commandsCommitOnEveryNodeInOrder() {
        CoreCluster c = new CoreCluster(3, 11);
        int l = c.awaitLeader();
        for (int i = 1; i <= 20; i++) {
            StartResult r = c.cores[l].clientRequest(cmd(i));
            assertTrue(r.isLeader());
            assertEquals(i, r.index());
            c.drain(l);
        }
        c.deliverAll();
        c.run(20);
        for (int i = 0; i < 3; i++) {
            assertEquals(20, c.applied[i]);
            assertEquals(20, c.cores[i].commitIndex());
        }
        assertArrayEquals(cmd(7), c.committed.get(7L));
    }

    @Test
    void proposalsBeforeFlushShareOneMessagePerFollower() {
        CoreCluster c = new CoreCluster(3, 12);
        int l = c.awaitLeader();
        c.run(1);
        for (int i = 1; i <= 5; i++) {
            c.cores[l].clientRequest(cmd(i));
        }
        Ready r = Cores.ready(c.cores[l]);
        assertTrue(r.messages().isEmpty(), "nothing is sent before flush");
        assertTrue(r.flushWanted());
        c.cores[l].flush();
        List<Message> ms = Cores.ready(c.cores[l]).messages();
        assertEquals(2, ms.size());
        for (Message m : ms) {
            assertEquals(5, ((AppendEntries) m).entries().size());
        }
    }

    @Test
    void nonLeaderRefusesProposals() {
        RaftCore c = follower(3, List.of());
        StartResult r = c.clientRequest(cmd(1));
        assertFalse(r.isLeader());
        assertEquals(3, r.term());
        assertEquals(0, c.lastIndex());
    }

    @Test
    void followerRejectsMissingPrevWithLengthHint() {
        RaftCore c = follower(1, List.of(e(1, 1), e(2, 1)));
        c.step(new AppendEntries(1, 0, 1, 5, 1, List.of(), 0));
        AppendEntriesReply r = reply(c);
        assertFalse(r.success());
        assertEquals(0, r.conflictTerm());
        assertEquals(3, r.conflictIndex());
    }

    @Test
    void followerRejectsMismatchWithFirstIndexOfConflictingTerm() {
        RaftCore c = follower(3, List.of(e(1, 1), e(2, 2), e(3, 2), e(4, 2)));
        c.step(new AppendEntries(1, 0, 3, 4, 3, List.of(), 0));
        AppendEntriesReply r = reply(c);
        assertFalse(r.success());
        assertEquals(2, r.conflictTerm());
        assertEquals(2, r.conflictIndex());
        assertEquals(4, c.lastIndex(), "a mismatch at prev truncates nothing");
    }

    @Test
    void conflictingEntriesAreTruncatedAndReplaced() {
        RaftCore c = follower(2, List.of(e(1, 1), e(2, 1), e(3, 1)));
        c.step(new AppendEntries(1, 0, 3, 1, 1, List.of(e(2, 3)), 0));
        Ready r = Cores.ready(c);
        assertTrue(((AppendEntriesReply) r.messages().get(0)).success());
        assertEquals(2, c.lastIndex());
        assertEquals(3, c.termAt(2));
        assertEquals(2, r.update().truncateFrom());
        assertEquals(List.of(2L), r.update().append().stream().map(Entry::index).toList());
    }

    @Test
    void staleAppendDoesNotTruncateLaterMatchingEntries() {
        RaftCore c = follower(1, List.of(e(1, 1), e(2, 1), e(3, 1)));
        c.step(new AppendEntries(1, 0, 1, 0, 0, List.of(e(1, 1)), 0));
        AppendEntriesReply r = reply(c);
        assertTrue(r.success());
        assertEquals(1, r.matchIndex(), "matchIndex is what this message proved, not the log length");
        assertEquals(3, c.lastIndex());
    }

    @Test
    void followerCommitIsCappedByLastNewEntry() {
        RaftCore c = follower(1, List.of(e(1, 1), e(2, 1), e(3, 9)));
        c.step(new AppendEntries(1, 0, 1, 1, 1, List.of(), 3));
        reply(c);
        assertEquals(1, c.commitIndex(), "entries after prev are not known to match the leader");
    }

    @Test
    void leaderBacksUpOneTermPerRoundTrip() {
        // Follower 1 has a long run of stale term-2 entries; leader's log diverges after index 1.
        CoreCluster c = new CoreCluster(3, 21);
        int l = c.awaitLeader();
        for (int i = 1; i <= 3; i++) {
            c.cores[l].clientRequest(cmd(i));
        }
        c.drain(l);
        c.deliverAll();
        int f = (l + 1) % 3;
        c.crash(f);
        for (int i = 4; i <= 60; i++) {
            c.cores[l].clientRequest(cmd(i));
        }
        c.drain(l);
        c.deliverAll();
        c.sent.clear();
        c.start(f);
        c.run(15);
        assertEquals(60, c.cores[f].commitIndex());
        long appendsToF = c.sent.stream().filter(m -> m instanceof AppendEntries && m.to() == f).count();
        assertTrue(appendsToF < 6, "catch-up took " + appendsToF + " AppendEntries, expected a few");
    }

    @Test
    void fastBacktrackingSkipsWholeTerm() {
        // Leader log terms: 1 1 1 4 4 ; follower: 1 1 1 2 2 2 2 2 (conflicting term 2, absent on leader).
        RaftStorage.Recovered leaderState = new RaftStorage.Recovered(4, 0, 0, 0, null,
                List.of(e(1, 1), e(2, 1), e(3, 1), e(4, 4), e(5, 4)));
        RaftCore leader = new RaftCore(0, 3, RaftConfig.defaults(), leaderState, new SplittableRandom(3), Tracer.NONE);
        Cores.ready(leader);
        for (int i = 0; i < 1000 && !leader.roleName().equals("Candidate"); i++) {
            leader.tick();
        }
        leader.step(new Message.RequestVoteReply(1, 0, 5, true));
        assertTrue(leader.isLeader());
        Cores.ready(leader);
        // Follower 1 says: my entry at 5 has term 2, whose first index is 4.
        leader.step(new AppendEntriesReply(1, 0, 5, false, 0, 2, 4));
        AppendEntries ae = (AppendEntries) Cores.ready(leader).messages().get(0);
        assertEquals(3, ae.prevLogIndex(), "term 2 unknown to leader: jump to conflictIndex");
        assertEquals(2, ae.entries().size());
        // Follower 2 says its entry at 5 has term 4, first at 4: leader has term 4 up to 5 -> next 6.
        leader.step(new AppendEntriesReply(2, 0, 5, false, 0, 4, 4));
        List<Message> ms = Cores.ready(leader).messages();
        assertTrue(ms.isEmpty() || ((AppendEntries) ms.get(0)).prevLogIndex() == 5);
    }

    @Test
    void leaderDoesNotCommitOldTermEntryByCountingReplicas() {
        // Figure 8: leader of term 4 holds an entry of term 2 replicated on a majority; it must not commit it.
        RaftStorage.Recovered st = new RaftStorage.Recovered(3, -1, 0, 0, null, List.of(e(1, 1), e(2, 2)));
        RaftCore leader = new RaftCore(0, 3, RaftConfig.defaults(), st, new SplittableRandom(4), Tracer.NONE);
        for (int i = 0; i < 1000 && !leader.roleName().equals("Candidate"); i++) {
            leader.tick();
        }
        leader.step(new Message.RequestVoteReply(1, 0, 4, true));
        assertTrue(leader.isLeader());
        Cores.ready(leader);
        leader.step(new AppendEntriesReply(1, 0, 4, true, 2, 0, 0));
        assertEquals(0, leader.commitIndex(), "index 2 is from term 2, not the leader's term 4");
        leader.clientRequest(cmd(3));
        Cores.ready(leader);
        leader.step(new AppendEntriesReply(1, 0, 4, true, 3, 0, 0));
        assertEquals(3, leader.commitIndex(), "a current-term entry commits, and the older ones with it");
        assertEquals(3, Cores.ready(leader).applies().size());
    }

    @Test
    void staleRepliesAreDropped() {
        CoreCluster c = new CoreCluster(3, 31);
        int l = c.awaitLeader();
        long t = c.cores[l].currentTerm();
        c.cores[l].clientRequest(cmd(1));
        Cores.ready(c.cores[l]);
        c.cores[l].step(new AppendEntriesReply((l + 1) % 3, l, t - 1, true, 1, 0, 0));
        c.cores[l].step(new AppendEntriesReply((l + 2) % 3, l, t - 1, true, 1, 0, 0));
        assertEquals(0, c.cores[l].commitIndex());
    }

    @Test
    void restartRecoversLogAndTermButNotCommit() {
        CoreCluster c = new CoreCluster(3, 41);
        int l = c.awaitLeader();
        for (int i = 1; i <= 5; i++) {
            c.cores[l].clientRequest(cmd(i));
        }
        c.drain(l);
        c.deliverAll();
        c.run(15);
        long term = c.cores[l].currentTerm();
        RaftCore r = new RaftCore(l, 3, RaftConfig.defaults(), c.recovered(l), new SplittableRandom(1), Tracer.NONE);
        assertEquals(term, r.currentTerm());
        assertEquals(l, r.votedFor());
        assertEquals(5, r.lastIndex());
        assertEquals(0, r.commitIndex());
        assertFalse(r.isLeader());
    }

    @Test
    void wholeClusterRestartKeepsCommittedEntries() {
        CoreCluster c = new CoreCluster(5, 51);
        int l = c.awaitLeader();
        for (int i = 1; i <= 10; i++) {
            c.cores[l].clientRequest(cmd(i));
        }
        c.drain(l);
        c.deliverAll();
        for (int i = 0; i < 5; i++) {
            c.crash(i);
        }
        for (int i = 0; i < 5; i++) {
            c.start(i);
            c.applied[i] = 0;
        }
        int l2 = c.awaitLeader();
        c.cores[l2].clientRequest(cmd(11));
        c.drain(l2);
        c.run(20);
        for (int i = 0; i < 5; i++) {
            assertEquals(11, c.applied[i]);
        }
    }
}
