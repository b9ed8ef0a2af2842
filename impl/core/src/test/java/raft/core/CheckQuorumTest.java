package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntriesReply;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Check-quorum (thesis 9.6): a leader that hears from no majority within an election timeout steps down. */
class CheckQuorumTest {
    static final RaftConfig CQ = RaftConfig.defaults().withCheckQuorum(true);

    private static RaftCore leader(RaftConfig config) {
        return Cores.leader(3, config, new RaftStorage.Recovered(2, -1, 0, 0, null, List.of()));
    }

    @Test
    void aLeaderHearingFromNoOneStepsDownKeepingItsTerm() {
        RaftCore l = leader(CQ);
        long term = l.currentTerm();
        for (int i = 0; i < CQ.electionTicksMin() - 1; i++) {
            l.tick();
        }
        assertTrue(l.isLeader(), "not before a full check period (the minimum election timeout)");
        l.tick();
        Ready r = Cores.ready(l);
        assertEquals("Follower", l.roleName());
        assertEquals(term, l.currentTerm());
        assertEquals(-1, l.leaderId());
        assertNull(r.update(), "stepping down changes no persistent state");
    }

    @Test
    void aLeaderHearingFromAMajorityStays() {
        RaftCore l = leader(CQ);
        for (int i = 0; i < 10 * CQ.electionTicksMax(); i++) {
            l.tick();
            if (i % CQ.heartbeatTicks() == 0) {
                l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 0, 0, 0));   // node 2 is silent
            }
            Cores.ready(l);
        }
        assertTrue(l.isLeader());
    }

    @Test
    void repliesOfAnEarlierTermDoNotCount() {
        RaftCore l = leader(CQ);
        for (int i = 0; i < CQ.electionTicksMin(); i++) {
            l.step(new AppendEntriesReply(1, 0, l.currentTerm() - 1, true, 0, 0, 0));
            l.tick();
        }
        assertFalse(l.isLeader());
    }

    @Test
    void aReplyInTheFirstPeriodDoesNotCarryOverIntoTheNext() {
        RaftCore l = leader(CQ);
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 0, 0, 0));
        for (int i = 0; i < CQ.electionTicksMin(); i++) {
            l.tick();
        }
        assertTrue(l.isLeader());
        for (int i = 0; i < CQ.electionTicksMin(); i++) {
            l.tick();
        }
        assertFalse(l.isLeader(), "silent for a whole period: step down within two");
    }

    @Test
    void withCheckQuorumOffALeaderStaysAlone() {
        RaftCore l = leader(RaftConfig.defaults());
        for (int i = 0; i < 10 * CQ.electionTicksMax(); i++) {
            l.tick();
        }
        assertTrue(l.isLeader());
    }
}
