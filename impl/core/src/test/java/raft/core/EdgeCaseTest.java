package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static raft.core.Cores.e;

/** Boundaries of the core's rules: exact tick counts, majorities in even clusters, index arithmetic. */
class EdgeCaseTest {
    private static final RaftConfig CFG = RaftConfig.defaults();

    private static List<AppendEntries> appends(Ready r) {
        List<AppendEntries> out = new ArrayList<>();
        for (Message m : r.messages()) {
            if (m instanceof AppendEntries a) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void heartbeatGoesOutExactlyEveryHeartbeatTicks() {
        RaftCore l = Cores.leader(3, List.of());
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < CFG.heartbeatTicks(); i++) {
                l.tick();
                assertTrue(Cores.ready(l).messages().isEmpty(), "no heartbeat after " + i + " ticks");
            }
            l.tick();
            assertEquals(2, appends(Cores.ready(l)).size());
        }
    }

    @Test
    void electionTimeoutsSpanTheConfiguredRange() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int seed = 0; seed < 300; seed++) {
            RaftCore c = new RaftCore(0, 3, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(seed), Tracer.NONE);
            int ticks = 0;
            while (!c.roleName().equals("Candidate")) {
                c.tick();
                ticks++;
            }
            min = Math.min(min, ticks);
            max = Math.max(max, ticks);
        }
        assertEquals(CFG.electionTicksMin(), min);
        assertEquals(CFG.electionTicksMax(), max);
    }

    @Test
    void halfOfAnEvenClusterIsNotAMajority() {
        RaftCore c = new RaftCore(0, 4, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(1), Tracer.NONE);
        while (!c.roleName().equals("Candidate")) {
            c.tick();
        }
        c.step(new RequestVoteReply(1, 0, 1, true));
        assertFalse(c.isLeader(), "2 of 4 votes");
        c.step(new RequestVoteReply(2, 0, 1, true));
        assertTrue(c.isLeader());
        Cores.ready(c);
        c.clientRequest(new byte[]{1});
        Cores.ready(c);
        c.step(new AppendEntriesReply(1, 0, 1, true, 1, 0, 0));
        assertEquals(0, c.commitIndex(), "2 of 4 replicas");
        c.step(new AppendEntriesReply(2, 0, 1, true, 1, 0, 0));
        assertEquals(1, c.commitIndex());
    }

    @Test
    void misroutedMessagesAreRejected() {
        RaftCore c = Cores.follower(0, 3, CFG, RaftStorage.Recovered.empty());
        // Id 3 is outside this node's configuration but not misrouted: with membership changes a
        // leader of a newer configuration, or a removed server, may write (MembershipCoreTest).
        assertThrows(IllegalArgumentException.class, () -> c.step(new RequestVote(0, 0, 1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> c.step(new RequestVote(1, 2, 1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> c.step(new RequestVote(-1, 0, 1, 0, 0)));
        c.step(new RequestVote(2, 0, 1, 0, 0));
        assertEquals(1, Cores.ready(c).messages().size());
    }

    @Test
    void singleNodeCommitsOnceItsWriteIsDurableAndNeverAsksForFlush() {
        RaftCore c = new RaftCore(0, 1, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(1), Tracer.NONE);
        while (!c.isLeader()) {
            c.tick();
        }
        Cores.ready(c);
        assertEquals(1, c.clientRequest(new byte[]{1}).index());
        Ready r = c.ready();
        assertFalse(r.flushWanted());
        assertEquals(0, c.commitIndex(), "not durable yet");
        c.persisted(r);
        assertEquals(1, c.commitIndex());
        r = c.ready();
        assertFalse(r.flushWanted());
        assertEquals(1, r.applies().size());
    }

    @Test
    void entriesInFlightAreNotResentByHeartbeatsOrFlush() {
        RaftCore l = Cores.leader(3, List.of());
        l.clientRequest(new byte[]{1});
        l.clientRequest(new byte[]{2});
        l.flush();
        List<AppendEntries> first = appends(Cores.ready(l));
        assertEquals(2, first.get(0).entries().size());
        l.flush();
        assertTrue(Cores.ready(l).messages().isEmpty(), "nothing new to send");
        for (int i = 0; i < CFG.heartbeatTicks(); i++) {
            l.tick();
        }
        for (AppendEntries hb : appends(Cores.ready(l))) {
            assertTrue(hb.entries().isEmpty());
            assertEquals(2, hb.prevLogIndex());
            assertEquals(0, hb.leaderCommit());
        }
    }

    @Test
    void commitAdvanceIsFlushedToFollowersWithoutEntries() {
        RaftCore l = Cores.leader(3, List.of());
        l.clientRequest(new byte[]{1});
        l.flush();
        Cores.ready(l);
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 1, 0, 0));
        Ready r = Cores.ready(l);
        assertTrue(r.flushWanted());
        assertEquals(1, l.commitIndex());
        l.flush();
        List<AppendEntries> out = appends(Cores.ready(l));
        assertEquals(2, out.size());
        for (AppendEntries a : out) {
            assertEquals(1, a.leaderCommit());
            assertTrue(a.entries().isEmpty());
        }
        l.flush();
        assertTrue(Cores.ready(l).messages().isEmpty(), "commit already told");
    }

    @Test
    void batchesLimitedByCountContinueOnEachSuccess() {
        RaftConfig small = new RaftConfig(10, 30, 60, 10, 2, 1 << 20);
        RaftCore l = Cores.leader(3, small, RaftStorage.Recovered.empty());
        for (int i = 1; i <= 5; i++) {
            l.clientRequest(new byte[]{(byte) i});
        }
        l.flush();
        assertEquals(2, appends(Cores.ready(l)).get(0).entries().size());
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 2, 0, 0));
        List<AppendEntries> next = appends(Cores.ready(l));
        assertEquals(1, next.size());
        assertEquals(2, next.get(0).prevLogIndex());
        assertEquals(List.of(3L, 4L), next.get(0).entries().stream().map(Entry::index).toList());
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 4, 0, 0));
        assertEquals(List.of(5L), appends(Cores.ready(l)).get(0).entries().stream().map(Entry::index).toList());
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 5, 0, 0));
        assertTrue(appends(Cores.ready(l)).isEmpty(), "follower is caught up");
    }

    @Test
    void batchesLimitedByBytesKeepAtLeastOneEntry() {
        RaftConfig small = new RaftConfig(10, 30, 60, 10, 100, 10);
        RaftCore l = Cores.leader(3, small, RaftStorage.Recovered.empty());
        l.clientRequest(new byte[6]);
        l.clientRequest(new byte[4]);
        l.clientRequest(new byte[1]);
        l.clientRequest(new byte[20]);
        l.flush();
        assertEquals(2, appends(Cores.ready(l)).get(0).entries().size(), "6 + 4 bytes fit in 10, the next does not");
        RaftCore big = Cores.leader(3, small, RaftStorage.Recovered.empty());
        big.clientRequest(new byte[50]);
        big.flush();
        assertEquals(1, appends(Cores.ready(big)).get(0).entries().size(), "an oversized entry still goes alone");
    }

    @Test
    void backtrackingUsesLeadersLastEntryOfConflictTerm() {
        // Leader log terms 1 1 2 2 2 3 ; leader term becomes 4.
        RaftCore l = Cores.leader(3, List.of(e(1, 1), e(2, 1), e(3, 2), e(4, 2), e(5, 2), e(6, 3)));
        long t = l.currentTerm();
        l.step(new AppendEntriesReply(1, 0, t, false, 0, 2, 3));
        AppendEntries a = appends(Cores.ready(l)).get(0);
        assertEquals(5, a.prevLogIndex(), "leader's last term-2 entry is 5: resend from 6");
        l.step(new AppendEntriesReply(2, 0, t, false, 0, 0, 2));
        a = appends(Cores.ready(l)).get(0);
        assertEquals(1, a.prevLogIndex(), "short follower log: resend from its length + 1");
        assertEquals(5, a.entries().size());
    }

    @Test
    void backtrackingNeverGoesBelowMatchOrAboveLog() {
        RaftCore l = Cores.leader(3, List.of(e(1, 1), e(2, 1), e(3, 1)));
        long t = l.currentTerm();
        l.step(new AppendEntriesReply(1, 0, t, true, 2, 0, 0));
        Cores.ready(l);
        l.step(new AppendEntriesReply(1, 0, t, false, 0, 0, 1));
        AppendEntries a = appends(Cores.ready(l)).get(0);
        assertEquals(2, a.prevLogIndex(), "a stale rejection cannot undo a known match at 2");
        assertEquals(3, l.nextIndex(1) - a.entries().size());
        l.step(new AppendEntriesReply(2, 0, t, false, 0, 0, 99));
        assertTrue(appends(Cores.ready(l)).isEmpty(), "a hint beyond the log is not a backtrack");
        assertEquals(4, l.nextIndex(2));
    }

    @Test
    void truncatingOnlyTheLastEntryIsPersistedAsTruncation() {
        RaftCore c = Cores.follower(0, 3, CFG, new RaftStorage.Recovered(1, -1, 0, 0, null,
                List.of(e(1, 1), e(2, 1), e(3, 1))));
        c.step(new AppendEntries(1, 0, 2, 2, 1, List.of(e(3, 2)), 0));
        Ready r = Cores.ready(c);
        assertEquals(3, r.update().truncateFrom());
        assertEquals(1, r.update().append().size());
        c.step(new AppendEntries(1, 0, 2, 3, 2, List.of(e(4, 2)), 0));
        assertEquals(0, Cores.ready(c).update().truncateFrom(), "a pure append truncates nothing");
    }

    @Test
    void snapshotAtExactlyTheAppliedIndexIsTaken() {
        RaftCore l = Cores.leader(1, List.of());
        for (int i = 1; i <= 3; i++) {
            l.clientRequest(new byte[]{(byte) i});
        }
        Cores.ready(l);
        l.snapshot(3, new byte[]{3});
        assertEquals(3, l.snapshotIndex());
        assertEquals(3, Cores.ready(l).update().snapshot().index());
        l.snapshot(3, new byte[]{4});
        assertNull(Cores.ready(l).update(), "same index again changes nothing");
    }

    @Test
    void laggingPeerGetsSnapshotThenTheRestImmediately() {
        RaftCore l = Cores.leader(3, List.of(e(1, 1), e(2, 1), e(3, 1), e(4, 1)));
        long t = l.currentTerm();
        l.clientRequest(new byte[]{5});
        l.step(new AppendEntriesReply(2, 0, t, true, 5, 0, 0));
        Cores.ready(l);
        l.snapshot(5, new byte[]{5});
        Cores.ready(l);
        l.step(new AppendEntriesReply(1, 0, t, false, 0, 0, 1));
        List<Message> out = Cores.ready(l).messages();
        assertInstanceOf(InstallSnapshot.class, out.get(0));
        assertEquals(5, ((InstallSnapshot) out.get(0)).lastIncludedIndex());
        for (int i = 0; i < CFG.heartbeatTicks(); i++) {
            l.tick();
        }
        AppendEntries hb = appends(Cores.ready(l)).get(0);
        assertEquals(5, hb.prevLogIndex(), "snapshot in flight: heartbeat probes right after it");
        l.clientRequest(new byte[]{6});
        Cores.ready(l);
        l.step(new InstallSnapshotReply(1, 0, t, 5));
        assertEquals(5, l.matchIndex(1));
        List<AppendEntries> rest = appends(Cores.ready(l));
        assertEquals(1, rest.size());
        assertEquals(List.of(6L), rest.get(0).entries().stream().map(Entry::index).toList());
    }

    @Test
    void snapshotReplyCanCommit() {
        RaftCore l = Cores.leader(3, List.of());
        long t = l.currentTerm();
        l.clientRequest(new byte[]{1});
        l.clientRequest(new byte[]{2});
        Cores.ready(l);
        l.step(new InstallSnapshotReply(1, 0, t, 2));
        assertEquals(2, l.commitIndex(), "a follower holding the snapshot at 2 holds index 2");
    }

    @Test
    void candidateStepsDownOnAppendEntriesOfItsTerm() {
        RaftCore c = new RaftCore(0, 3, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(1), Tracer.NONE);
        while (!c.roleName().equals("Candidate")) {
            c.tick();
        }
        c.step(new AppendEntries(1, 0, 1, 0, 0, List.of(), 0));
        assertEquals("Follower", c.roleName());
        assertEquals(1, c.leaderId());
        assertEquals(1, c.currentTerm());
        assertEquals(0, c.votedFor(), "its own vote in term 1 stands");
    }

    @Test
    void staleTermAppendIsRefusedWithCurrentTerm() {
        RaftCore c = Cores.follower(0, 3, CFG, new RaftStorage.Recovered(5, -1, 0, 0, null, List.of()));
        c.step(new AppendEntries(1, 0, 4, 0, 0, List.of(e(1, 4)), 1));
        AppendEntriesReply r = (AppendEntriesReply) Cores.ready(c).messages().get(0);
        assertFalse(r.success());
        assertEquals(5, r.term());
        assertEquals(0, c.lastIndex());
        assertEquals(-1, c.leaderId());
    }

    @Test
    void followerTimesOutIfLeaderGoesQuietButNotWhileItSpeaks() {
        RaftCore c = Cores.follower(0, 3, CFG, new RaftStorage.Recovered(1, -1, 0, 0, null, List.of()));
        for (int i = 0; i < 10 * CFG.electionTicksMax(); i++) {
            c.tick();
            if (i % CFG.heartbeatTicks() == 0) {
                c.step(new AppendEntries(1, 0, 1, 0, 0, List.of(), 0));
            }
        }
        assertEquals("Follower", c.roleName());
        for (int i = 0; i < CFG.electionTicksMax(); i++) {
            c.tick();
        }
        assertEquals("Candidate", c.roleName());
    }

    @Test
    void leaderSteppingDownStartsAFreshElectionTimer() {
        RaftCore l = Cores.leader(3, List.of());
        for (int i = 0; i < 5 * CFG.electionTicksMax(); i++) {
            l.tick();
        }
        l.step(new AppendEntriesReply(1, 0, l.currentTerm() + 1, false, 0, 0, 0));
        for (int i = 0; i < CFG.electionTicksMin() - 1; i++) {
            l.tick();
        }
        assertEquals("Follower", l.roleName(), "no election before a full minimum timeout");
    }

    @Test
    void candidateSteppingDownStartsAFreshElectionTimer() {
        RaftCore c = new RaftCore(0, 3, CFG, new RaftStorage.Recovered(1, -1, 0, 0, null, List.of(e(1, 1))), new SplittableRandom(1), Tracer.NONE);
        while (!c.roleName().equals("Candidate")) {
            c.tick();
        }
        for (int i = 0; i < CFG.electionTicksMin() - 2; i++) {
            c.tick();
        }
        Cores.ready(c);
        c.step(new RequestVote(1, 0, 5, 0, 0));
        assertEquals("Follower", c.roleName());
        assertFalse(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted());
        for (int i = 0; i < CFG.electionTicksMin() - 1; i++) {
            c.tick();
        }
        assertEquals("Follower", c.roleName(), "the candidate's elapsed ticks do not carry over");
    }
}
