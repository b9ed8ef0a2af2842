package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ElectionTest {
    private static RaftCore core(int id, int n, RaftStorage.Recovered r) {
        return new RaftCore(id, n, RaftConfig.defaults(), r, new SplittableRandom(id), Tracer.NONE);
    }

    private static Ready tickUntilMessages(RaftCore c) {
        return Cores.tickUntilMessages(c);
    }

    @Test
    void electsExactlyOneLeaderAndAllAgreeOnTerm() {
        CoreCluster c = new CoreCluster(5, 1);
        int l = c.awaitLeader();
        c.run(200);
        assertEquals(l, c.leader(), "leader stays while the network is healthy");
        for (int i = 0; i < 5; i++) {
            assertEquals(c.cores[l].currentTerm(), c.cores[i].currentTerm());
            if (i != l) {
                assertFalse(c.cores[i].isLeader());
                assertEquals(l, c.cores[i].leaderId());
            }
        }
    }

    @Test
    void timeoutStartsElectionAndPersistsVoteBeforeRequesting() {
        RaftCore c = core(0, 3, RaftStorage.Recovered.empty());
        Cores.ready(c);
        Ready r = tickUntilMessages(c);
        assertEquals("Candidate", c.roleName());
        assertEquals(1, c.currentTerm());
        assertNotNull(r.update());
        assertEquals(1, r.update().term());
        assertEquals(0, r.update().votedFor());
        assertEquals(2, r.messages().size());
        for (Message m : r.messages()) {
            assertInstanceOf(RequestVote.class, m);
        }
    }

    @Test
    void candidateWithMajorityBecomesLeaderAndSendsHeartbeats() {
        RaftCore c = core(0, 3, RaftStorage.Recovered.empty());
        tickUntilMessages(c);
        c.step(new RequestVoteReply(1, 0, 1, false));
        assertFalse(c.isLeader());
        c.step(new RequestVoteReply(2, 0, 1, true));
        assertTrue(c.isLeader());
        Ready r = Cores.ready(c);
        assertEquals(2, r.messages().stream().filter(m -> m instanceof Message.AppendEntries).count());
    }

    @Test
    void duplicateVoteFromSamePeerCountsOnce() {
        RaftCore c = core(0, 5, RaftStorage.Recovered.empty());
        tickUntilMessages(c);
        c.step(new RequestVoteReply(1, 0, 1, true));
        c.step(new RequestVoteReply(1, 0, 1, true));
        assertFalse(c.isLeader(), "2 distinct votes of 5 are not a majority");
        c.step(new RequestVoteReply(2, 0, 1, true));
        assertTrue(c.isLeader());
    }

    @Test
    void votesOncePerTermAndPersistsTheVote() {
        RaftCore c = core(0, 3, RaftStorage.Recovered.empty());
        Cores.ready(c);
        c.step(new RequestVote(1, 0, 1, 0, 0));
        Ready r = Cores.ready(c);
        assertEquals(1, r.update().votedFor());
        assertTrue(((RequestVoteReply) r.messages().get(0)).voteGranted());
        c.step(new RequestVote(2, 0, 1, 0, 0));
        assertFalse(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted());
        c.step(new RequestVote(1, 0, 1, 0, 0));
        assertTrue(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted(), "same candidate may ask again");
    }

    @Test
    void restartedNodeRemembersItsVote() {
        RaftCore c = core(0, 3, new RaftStorage.Recovered(4, 1, 0, 0, null, List.of()));
        c.step(new RequestVote(2, 0, 4, 0, 0));
        RequestVoteReply reply = (RequestVoteReply) Cores.ready(c).messages().get(0);
        assertFalse(reply.voteGranted());
        assertEquals(4, reply.term());
    }

    @Test
    void rejectsCandidateWithStaleLog() {
        List<Entry> log = List.of(new Entry(1, 1, new byte[]{1}), new Entry(2, 2, new byte[]{2}));
        RaftCore c = core(0, 3, new RaftStorage.Recovered(2, -1, 0, 0, null, log));
        Cores.ready(c);
        c.step(new RequestVote(1, 0, 3, 5, 1));
        assertFalse(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted(), "lower last term loses");
        c.step(new RequestVote(2, 0, 3, 1, 2));
        assertFalse(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted(), "same term, shorter log loses");
        c.step(new RequestVote(2, 0, 3, 2, 2));
        assertTrue(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted());
    }

    @Test
    void higherTermMakesLeaderStepDownAndClearsVote() {
        CoreCluster c = new CoreCluster(3, 7);
        int l = c.awaitLeader();
        long t = c.cores[l].currentTerm();
        int other = (l + 1) % 3;
        c.cores[l].step(new Message.AppendEntriesReply(other, l, t + 5, false, 0, 0, 0));
        assertFalse(c.cores[l].isLeader());
        assertEquals(t + 5, c.cores[l].currentTerm());
        assertEquals(-1, c.cores[l].votedFor());
        assertEquals(t + 5, Cores.ready(c.cores[l]).update().term());
    }

    @Test
    void grantingVoteResetsElectionTimer() {
        RaftCore c = core(0, 3, RaftStorage.Recovered.empty());
        Cores.ready(c);
        int minTicks = RaftConfig.defaults().electionTicksMin();
        // Keep granting votes to 1 (in new terms) just before each timeout could fire: never a candidate.
        for (int term = 1; term <= 20; term++) {
            for (int i = 0; i < minTicks - 1; i++) {
                c.tick();
            }
            c.step(new RequestVote(1, 0, term, 0, 0));
            assertTrue(((RequestVoteReply) Cores.ready(c).messages().get(0)).voteGranted());
        }
        assertEquals("Follower", c.roleName());
        assertEquals(20, c.currentTerm());
    }

    @Test
    void electionSurvivesLeaderCrash() {
        CoreCluster c = new CoreCluster(3, 3);
        int l = c.awaitLeader();
        c.crash(l);
        int l2 = c.awaitLeader();
        assertNotEquals(l, l2);
        assertTrue(c.cores[l2].currentTerm() > c.cores[l].currentTerm());
    }

    @Test
    void noLeaderWithoutMajority() {
        CoreCluster c = new CoreCluster(3, 5);
        int l = c.awaitLeader();
        c.crash((l + 1) % 3);
        c.crash((l + 2) % 3);
        c.run(500);
        assertEquals(-1, c.leader() == l && c.cores[l].isLeader() ? -1 : c.leader(),
                "the old leader may think it leads, nobody else may win");
        c.crash(l);
        c.start((l + 1) % 3);
        c.run(500);
        assertEquals(-1, c.leader());
    }

    @Test
    void voteSurvivesCrashThroughPersisterStorage() {
        raft.persister.MemoryPersister p = new raft.persister.MemoryPersister();
        raft.persister.PersisterStorage s = new raft.persister.PersisterStorage(p);
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), s.recover(), new SplittableRandom(1), Tracer.NONE);
        Cores.ready(c);
        c.step(new RequestVote(1, 0, 7, 0, 0));
        Ready r = Cores.ready(c);
        s.persist(r.update());
        assertTrue(((RequestVoteReply) r.messages().get(0)).voteGranted());
        raft.persister.PersisterStorage after = new raft.persister.PersisterStorage(p.copy());
        RaftCore restarted = new RaftCore(0, 3, RaftConfig.defaults(), after.recover(), new SplittableRandom(2), Tracer.NONE);
        Cores.ready(restarted);
        restarted.step(new RequestVote(2, 0, 7, 0, 0));
        assertFalse(((RequestVoteReply) Cores.ready(restarted).messages().get(0)).voteGranted(), "second vote in term 7");
    }
}
