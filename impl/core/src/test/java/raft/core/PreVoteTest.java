package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.PreVote;
import raft.core.Message.PreVoteReply;
import raft.core.Message.RequestVote;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static raft.core.Cores.e;

/** Pre-vote (thesis 9.6), one rule per test, at the message level. */
class PreVoteTest {
    static final RaftConfig PRE = RaftConfig.defaults().withPreVote(true);

    /** A follower of term 3 that voted for 2, with entries 1..2 of term 3. */
    private static RaftCore voter(int id, int n) {
        return Cores.follower(id, n, PRE, new RaftStorage.Recovered(3, 2, 0, 0, null, List.of(e(1, 3), e(2, 3))));
    }

    private static PreVoteReply onlyReply(Ready r) {
        assertEquals(1, r.messages().size(), r.messages().toString());
        return assertInstanceOf(PreVoteReply.class, r.messages().get(0));
    }

    private static Ready tickUntilMessages(RaftCore c) {
        return Cores.tickUntilMessages(c);
    }

    @Test
    void timeoutAsksForPreVotesWithoutChangingTermOrVote() {
        RaftCore c = voter(0, 3);
        Ready r = tickUntilMessages(c);
        assertEquals("PreCandidate", c.roleName());
        assertEquals(3, c.currentTerm());
        assertEquals(2, c.votedFor());
        assertNull(r.update(), "a pre-vote round persists nothing");
        assertEquals(2, r.messages().size());
        for (Message m : r.messages()) {
            PreVote pv = assertInstanceOf(PreVote.class, m);
            assertEquals(4, pv.term(), "asks for the next term");
            assertEquals(2, pv.lastLogIndex());
            assertEquals(3, pv.lastLogTerm());
        }
    }

    @Test
    void grantingAPreVoteNeverChangesTheVotersTermOrVote() {
        RaftCore c = voter(1, 3);
        c.step(new PreVote(0, 1, 7, 2, 3));
        Ready r = Cores.ready(c);
        PreVoteReply reply = onlyReply(r);
        assertTrue(reply.voteGranted());
        assertEquals(7, reply.term(), "a grant names the round's term");
        assertEquals(3, c.currentTerm());
        assertEquals(2, c.votedFor());
        assertEquals("Follower", c.roleName());
        assertNull(r.update());
    }

    @Test
    void refusingAPreVoteAlsoChangesNothing() {
        RaftCore c = voter(1, 3);
        c.step(new PreVote(0, 1, 9, 1, 3));   // log behind: refused
        Ready r = Cores.ready(c);
        PreVoteReply reply = onlyReply(r);
        assertFalse(reply.voteGranted());
        assertEquals(3, reply.term(), "a refusal carries the voter's own term");
        assertEquals(3, c.currentTerm());
        assertEquals(2, c.votedFor());
        assertNull(r.update());
    }

    @Test
    void refusedForATermNotAboveTheVoters() {
        RaftCore c = voter(1, 3);
        c.step(new PreVote(0, 1, 3, 5, 3));
        assertFalse(onlyReply(Cores.ready(c)).voteGranted());
    }

    @Test
    void refusedUntilTheVotersOwnTimerFiresAfterHearingFromALeader() {
        RaftCore c = voter(1, 3);
        c.step(new AppendEntries(2, 1, 3, 2, 3, List.of(), 0));
        Cores.ready(c);
        c.step(new PreVote(0, 1, 4, 2, 3));
        assertFalse(onlyReply(Cores.ready(c)).voteGranted(), "leader stickiness");
        tickUntilMessages(c);   // its own election timer fires: at least the minimum election timeout
        assertEquals("PreCandidate", c.roleName());
        c.step(new PreVote(0, 1, 4, 2, 3));
        assertTrue(onlyReply(Cores.ready(c)).voteGranted(), "the leader has been silent for a whole timeout");
    }

    @Test
    void aStickyVoterIgnoresTheTermOfAPlainRequestVote() {
        RaftCore c = voter(1, 3);
        c.step(new AppendEntries(2, 1, 3, 2, 3, List.of(), 0));
        Cores.ready(c);
        c.step(new RequestVote(0, 1, 9, 2, 3));
        Ready r = Cores.ready(c);
        Message.RequestVoteReply reply = assertInstanceOf(Message.RequestVoteReply.class, r.messages().get(0));
        assertFalse(reply.voteGranted());
        assertEquals(3, reply.term(), "answered in its own term, which the candidate drops as stale");
        assertEquals(3, c.currentTerm());
        assertEquals(2, c.votedFor());
        assertEquals(2, c.leaderId());
        assertNull(r.update());
    }

    @Test
    void withoutPreVoteAndCheckQuorumThereIsNoStickiness() {
        RaftCore c = Cores.follower(1, 3, RaftConfig.defaults(),
                new RaftStorage.Recovered(3, 2, 0, 0, null, List.of(e(1, 3), e(2, 3))));
        c.step(new AppendEntries(2, 1, 3, 2, 3, List.of(), 0));
        c.step(new RequestVote(0, 1, 9, 2, 3));
        assertEquals(9, c.currentTerm());
        assertEquals(0, c.votedFor());
    }

    @Test
    void aLeaderRefusesAndIsNotDeposedByAPreVote() {
        RaftCore l = Cores.leader(3, PRE, new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        long term = l.currentTerm();
        l.step(new PreVote(1, 0, term + 5, 10, term));
        PreVoteReply reply = onlyReply(Cores.ready(l));
        assertFalse(reply.voteGranted());
        assertTrue(l.isLeader());
        assertEquals(term, l.currentTerm());
    }

    @Test
    void aMajorityOfPreVotesStartsTheRealElection() {
        RaftCore c = voter(0, 3);
        tickUntilMessages(c);
        c.step(new PreVoteReply(1, 0, 4, true));
        Ready r = Cores.ready(c);
        assertEquals("Candidate", c.roleName());
        assertEquals(4, c.currentTerm());
        assertEquals(0, c.votedFor());
        assertNotNull(r.update());
        assertEquals(2, r.messages().stream().filter(m -> m instanceof RequestVote).count());
    }

    @Test
    void onlyGrantsOfTheCurrentRoundCount() {
        RaftCore c = Cores.follower(0, 5, PRE, new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        tickUntilMessages(c);   // round for term 4; needs 3 of 5
        c.step(new PreVoteReply(1, 0, 3, true));   // a grant from a round of an earlier term
        c.step(new PreVoteReply(2, 0, 3, true));
        Cores.ready(c);
        assertEquals("PreCandidate", c.roleName());
        assertEquals(3, c.currentTerm());
        c.step(new PreVoteReply(1, 0, 4, true));
        c.step(new PreVoteReply(1, 0, 4, true));   // a duplicate counts once
        assertEquals("PreCandidate", c.roleName());
        c.step(new PreVoteReply(2, 0, 4, true));
        assertEquals("Candidate", c.roleName());
    }

    @Test
    void aCandidateDoesNotCountPreVoteGrantsAsVotes() {
        RaftCore c = Cores.follower(0, 5, PRE, new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        tickUntilMessages(c);
        c.step(new PreVoteReply(1, 0, 4, true));
        c.step(new PreVoteReply(2, 0, 4, true));
        assertEquals("Candidate", c.roleName());
        // Late pre-vote grants carry term 4 too, the candidate's term now: they are not votes.
        c.step(new PreVoteReply(3, 0, 4, true));
        c.step(new PreVoteReply(4, 0, 4, true));
        assertEquals("Candidate", c.roleName());
        assertFalse(c.isLeader());
    }

    @Test
    void aRefusalFromAHigherTermEndsTheRound() {
        RaftCore c = voter(0, 3);
        tickUntilMessages(c);
        c.step(new PreVoteReply(1, 0, 8, false));
        assertEquals("Follower", c.roleName());
        assertEquals(8, c.currentTerm(), "the voter's term is real: learn it");
        assertEquals(-1, c.votedFor());
    }

    @Test
    void aNewRoundStartsWithAFreshTally() {
        RaftCore c = Cores.follower(0, 5, PRE, new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        tickUntilMessages(c);
        c.step(new PreVoteReply(1, 0, 4, true));
        Cores.ready(c);
        tickUntilMessages(c);   // the round failed: another one
        assertEquals("PreCandidate", c.roleName());
        c.step(new PreVoteReply(2, 0, 4, true));
        assertEquals("PreCandidate", c.roleName(), "1's grant belonged to the earlier round");
    }

    @Test
    void withPreVoteOffATimeoutRaisesTheTermAtOnce() {
        RaftCore c = Cores.follower(0, 3, RaftConfig.defaults(), new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        tickUntilMessages(c);
        assertEquals("Candidate", c.roleName());
        assertEquals(4, c.currentTerm());
    }
}
