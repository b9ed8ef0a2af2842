package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.Message.TimeoutNow;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static raft.core.Cores.e;

/** Leadership transfer (thesis 3.10), one rule per test. */
class LeaderTransferTest {
    static final RaftConfig ALL = RaftConfig.lab();

    /** Leader 0 of 3 over entries 1..2 of term 1 (now in term 2); followers' match unknown (0). */
    private static RaftCore leader() {
        return Cores.leader(3, ALL, new RaftStorage.Recovered(1, -1, 0, 0, null, List.of(e(1, 1), e(2, 1))));
    }

    private static List<TimeoutNow> timeoutNows(Ready r) {
        return r.messages().stream().filter(m -> m instanceof TimeoutNow).map(m -> (TimeoutNow) m).toList();
    }

    private static void ack(RaftCore l, int from, long match) {
        l.step(new AppendEntriesReply(from, 0, l.currentTerm(), true, match, 0, 0));
    }

    @Test
    void anUpToDateTargetGetsTimeoutNowAtOnce() {
        RaftCore l = leader();
        ack(l, 1, 2);
        Cores.ready(l);
        assertTrue(l.transferLeadership(1));
        List<TimeoutNow> t = timeoutNows(Cores.ready(l));
        assertEquals(List.of(new TimeoutNow(0, 1, l.currentTerm())), t);
        assertEquals(1, l.transferTarget());
        assertTrue(l.isLeader(), "still leader until the target's election");
    }

    @Test
    void aLaggingTargetIsCaughtUpFirst() {
        RaftCore l = leader();
        ack(l, 1, 0);
        Cores.ready(l);
        assertTrue(l.transferLeadership(1));
        Ready r = Cores.ready(l);
        assertTrue(timeoutNows(r).isEmpty(), "not before its log matches");
        ack(l, 1, 1);
        assertTrue(timeoutNows(Cores.ready(l)).isEmpty());
        ack(l, 1, 2);
        assertEquals(1, timeoutNows(Cores.ready(l)).size());
        ack(l, 1, 2);
        assertTrue(timeoutNows(Cores.ready(l)).isEmpty(), "TimeoutNow goes out once");
    }

    @Test
    void proposalsAreRefusedDuringATransferAndAcceptedAfterItIsAbandoned() {
        RaftCore l = leader();
        assertTrue(l.transferLeadership(2));
        StartResult refused = l.clientRequest(new byte[]{1});
        assertFalse(refused.isLeader(), "refused, so the caller redirects the client");
        assertEquals(2, l.lastIndex(), "nothing appended");
        for (int i = 0; i < ALL.electionTicksMax(); i++) {
            ack(l, 1, 2);   // keep check-quorum satisfied; node 2 never answers
            l.tick();
        }
        assertTrue(l.isLeader());
        assertEquals(-1, l.transferTarget(), "abandoned after an election timeout");
        StartResult ok = l.clientRequest(new byte[]{2});
        assertTrue(ok.isLeader());
        assertEquals(3, ok.index());
    }

    @Test
    void onlyALeaderTransfersAndOnlyToAnotherMember() {
        RaftCore l = leader();
        assertFalse(l.transferLeadership(0));
        assertFalse(l.transferLeadership(3));
        assertFalse(l.transferLeadership(-1));
        RaftCore f = Cores.follower(1, 3, ALL, RaftStorage.Recovered.empty());
        assertFalse(f.transferLeadership(2));
    }

    @Test
    void timeoutNowStartsAnElectionAtOnceDespiteARecentLeader() {
        RaftCore f = Cores.follower(1, 3, ALL, new RaftStorage.Recovered(2, -1, 0, 0, null, List.of(e(1, 1))));
        f.step(new AppendEntries(0, 1, 2, 1, 1, List.of(), 1));
        Cores.ready(f);
        f.step(new TimeoutNow(0, 1, 2));
        Ready r = Cores.ready(f);
        assertEquals("Candidate", f.roleName(), "no pre-vote: stickiness would refuse it");
        assertEquals(3, f.currentTerm());
        List<RequestVote> votes = r.messages().stream().filter(m -> m instanceof RequestVote)
                .map(m -> (RequestVote) m).toList();
        assertEquals(2, votes.size());
        assertTrue(votes.stream().allMatch(RequestVote::transfer), "marked, to override stickiness");
    }

    @Test
    void aSecondTransferWaitsForTheFirst() {
        RaftCore l = leader();
        assertTrue(l.transferLeadership(1));
        assertFalse(l.transferLeadership(2));
        assertTrue(l.transferLeadership(1));
        assertEquals(1, l.transferTarget());
    }

    @Test
    void aStaleTimeoutNowChangesNothing() {
        RaftCore f = Cores.follower(1, 3, ALL, new RaftStorage.Recovered(5, -1, 0, 0, null, List.of()));
        f.step(new TimeoutNow(0, 1, 4));
        Ready r = Cores.ready(f);
        assertEquals("Follower", f.roleName());
        assertEquals(5, f.currentTerm());
        assertNull(r.update());
    }

    /**
     * Target 1 (log: targetLog) gets TimeoutNow from leader 0 in term 2; its vote request goes
     * to voter 2 (log: voterLog), which heard from leader 0 just now. Returns the voter.
     */
    private static RaftCore forcedVote(List<Entry> targetLog, List<Entry> voterLog, boolean granted) {
        RaftCore target = Cores.follower(1, 3, ALL, new RaftStorage.Recovered(2, -1, 0, 0, null, targetLog));
        RaftCore voter = Cores.follower(2, 3, ALL, new RaftStorage.Recovered(2, -1, 0, 0, null, voterLog));
        Entry last = voterLog.get(voterLog.size() - 1);
        voter.step(new AppendEntries(0, 2, 2, last.index(), last.term(), List.of(), last.index()));
        Cores.ready(voter);
        target.step(new TimeoutNow(0, 1, 2));
        RequestVote rv = Cores.ready(target).messages().stream().filter(m -> m instanceof RequestVote && m.to() == 2)
                .map(m -> (RequestVote) m).findFirst().orElseThrow();
        voter.step(rv);
        RequestVoteReply reply = (RequestVoteReply) Cores.ready(voter).messages().get(0);
        assertEquals(granted, reply.voteGranted());
        return voter;
    }

    @Test
    void aForcedVoteStillChecksTheLog() {
        RaftCore voter = forcedVote(List.of(e(1, 1)), List.of(e(1, 1), e(2, 2)), false);
        assertEquals(-1, voter.votedFor(), "a stale target must not win, transfer or not");
    }

    @Test
    void aForcedVoteOverridesStickinessForAnUpToDateTarget() {
        RaftCore voter = forcedVote(List.of(e(1, 2)), List.of(e(1, 2)), true);
        assertEquals(1, voter.votedFor());
    }
}
