package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.ReadHeartbeat;
import raft.core.Message.ReadHeartbeatReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static raft.core.Cores.e;

/**
 * Thesis 10.2.1: the leader ships entries before its own write is durable and counts itself
 * only after persisted(); a read round's heartbeats and acknowledgements, which vouch for no
 * entry, leave at once too; everything else (replies, votes, term changes) waits for durability.
 */
class PersistOrderTest {
    private static RaftCore leader3() {
        return Cores.leader(3, List.of());
    }

    @Test
    void leaderShipsEntriesBeforeItsWriteIsDurable() {
        RaftCore l = leader3();
        l.clientRequest(new byte[]{1});
        l.flush();
        Ready r = l.ready();
        assertNotNull(r.update());
        assertEquals(1, r.update().append().size());
        assertEquals(2, r.early().size(), "both AppendEntries may leave before the fsync");
        assertTrue(r.early().stream().allMatch(m -> m instanceof AppendEntries ae && ae.entries().size() == 1));
        assertTrue(r.afterPersist().isEmpty());
    }

    @Test
    void leaderCountsItselfOnlyAfterPersisted() {
        RaftCore l = leader3();
        l.clientRequest(new byte[]{1});
        l.flush();
        Ready r = l.ready();
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 1, 0, 0));
        assertEquals(0, l.commitIndex(), "one follower plus a leader whose write is not durable is no majority");
        assertEquals(0, l.matchIndex(0));
        l.persisted(r);
        assertEquals(1, l.matchIndex(0));
        assertEquals(1, l.commitIndex());
        assertEquals(1, l.ready().applies().size());
    }

    @Test
    void twoFollowersCommitWithoutTheLeadersWrite() {
        RaftCore l = leader3();
        l.clientRequest(new byte[]{1});
        l.flush();
        l.ready();
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 1, 0, 0));
        l.step(new AppendEntriesReply(2, 0, l.currentTerm(), true, 1, 0, 0));
        assertEquals(1, l.commitIndex(), "a majority of durable copies exists without the leader");
    }

    @Test
    void followerRepliesOnlyAfterPersisting() {
        RaftCore f = Cores.follower(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        f.step(new AppendEntries(0, 1, 1, 0, 0, List.of(e(1, 1), e(2, 1)), 0));
        Ready r = f.ready();
        assertNotNull(r.update());
        assertTrue(r.early().isEmpty(), "a follower's success must not precede its write");
        AppendEntriesReply reply = (AppendEntriesReply) r.afterPersist().get(0);
        assertTrue(reply.success());
        assertEquals(2, reply.matchIndex());
    }

    @Test
    void votesAndTermChangesWaitForPersistence() {
        RaftCore f = Cores.follower(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        f.step(new RequestVote(0, 1, 5, 0, 0));
        Ready r = f.ready();
        assertEquals(5, r.update().term());
        assertEquals(0, r.update().votedFor());
        assertTrue(r.early().isEmpty());
        assertTrue(((RequestVoteReply) r.afterPersist().get(0)).voteGranted());

        RaftCore c = new RaftCore(2, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(),
                new SplittableRandom(9), Tracer.NONE);
        c.ready();
        for (int i = 0; i < 10_000 && !c.roleName().equals("Candidate"); i++) {
            c.tick();
        }
        Ready cr = c.ready();
        assertEquals(2, cr.afterPersist().size(), "RequestVotes go only after the new term and self-vote are durable");
        assertTrue(cr.early().isEmpty());
    }

    @Test
    void leaderAppendInANewTermWaitsWhenTheTermItselfIsNotDurable() {
        // Candidate wins in the same input that changed nothing durable? No: its term was persisted
        // before its RequestVotes. But a leader stepping down in the same input must not ship early.
        RaftCore l = leader3();
        l.clientRequest(new byte[]{1});
        l.flush();
        l.step(new AppendEntriesReply(1, 0, l.currentTerm() + 1, false, 0, 0, 0));
        Ready r = l.ready();
        assertFalse(l.isLeader());
        assertTrue(r.early().isEmpty(), "the new term is not durable: nothing may leave before the write");
    }

    @Test
    void staleAcknowledgementAfterTruncationIsIgnored() {
        RaftCore f = Cores.follower(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        f.step(new AppendEntries(0, 1, 2, 0, 0, List.of(e(1, 2), e(2, 2), e(3, 2)), 0));
        Ready first = f.ready();
        // A new leader of term 3 overwrites 2..3 before the first write is acknowledged.
        f.step(new AppendEntries(2, 1, 3, 1, 2, List.of(e(2, 3), e(3, 3)), 0));
        Ready second = f.ready();
        assertEquals(2, second.update().truncateFrom());
        f.persisted(first);
        assertEquals(0, f.durableIndex(), "entry 3 of term 2 is no longer in the log");
        f.persisted(second);
        assertEquals(3, f.durableIndex());
    }

    @Test
    void newLeaderCountsOnlyItsDurablePrefix() {
        RaftCore c = Cores.follower(0, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        c.step(new AppendEntries(1, 0, 1, 0, 0, List.of(e(1, 1)), 0));
        c.ready();  // entry 1 handed out, never acknowledged
        for (int i = 0; i < 10_000 && !c.roleName().equals("Candidate"); i++) {
            c.tick();
        }
        c.step(new RequestVoteReply(2, 0, c.currentTerm(), true));
        assertTrue(c.isLeader());
        assertEquals(0, c.matchIndex(0));
    }

    @Test
    void aReadRoundLeavesWhileTheLeadersWriteIsQueued() {
        RaftCore l = ReadIndexTest.leader(RaftConfig.server());
        ReadIndexTest.commitNoOp(l);
        Cores.ready(l);
        l.clientRequest(new byte[]{1});
        l.flush();
        l.readIndex(7);
        Ready r = l.ready();
        assertNotNull(r.update(), "the command's entry is still to be written");
        assertEquals(2, r.early().stream().filter(m -> m instanceof ReadHeartbeat).count(),
                "the round's heartbeats need not wait for the leader's fsync");
        assertTrue(r.afterPersist().isEmpty());
    }

    @Test
    void aFollowerAcknowledgesAReadRoundBeforeItsWriteIsDurable() {
        RaftCore f = Cores.follower(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        f.step(new AppendEntries(0, 1, 1, 0, 0, List.of(e(1, 1)), 0));
        f.ready();  // term 1 and entry 1 handed out
        f.persisted(f.ready());
        f.step(new AppendEntries(0, 1, 1, 1, 1, List.of(e(2, 1)), 0));
        f.step(new ReadHeartbeat(0, 1, 1, 4));
        Ready r = f.ready();
        assertNotNull(r.update());
        assertEquals(List.of(new ReadHeartbeatReply(1, 0, 1, 4)), r.early(),
                "the acknowledgement carries only the durable term");
        assertTrue(r.afterPersist().get(0) instanceof AppendEntriesReply a && a.matchIndex() == 2,
                "the entry's acknowledgement still waits for its write");
    }

    @Test
    void aReadRoundOfANewTermWaitsForTheTerm() {
        RaftCore f = Cores.follower(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty());
        f.step(new ReadHeartbeat(0, 1, 3, 1));
        Ready r = f.ready();
        assertEquals(3, r.update().term());
        assertTrue(r.early().isEmpty(), "the term it acknowledges in is not durable yet");
        assertEquals(List.of(new ReadHeartbeatReply(1, 0, 3, 1)), r.afterPersist());
    }
}
