package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.ReadHeartbeat;
import raft.core.Message.ReadHeartbeatReply;
import raft.core.Message.ReadIndexReply;
import raft.core.Message.ReadIndexRequest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ReadIndex (thesis 6.4), the no-op on election, follower reads and leases, one rule per test. */
class ReadIndexTest {
    static final RaftConfig SERVER = RaftConfig.server();
    static final RaftConfig LEASE = SERVER.withLeaseDriftMillis(50);

    /** Node 0 of 3, leader of term 3 over two entries of term 2 (nothing known committed); output drained. */
    static RaftCore leader(RaftConfig config) {
        return Cores.leader(3, config, new RaftStorage.Recovered(2, -1, 0, 0, null,
                List.of(Cores.e(1, 2), Cores.e(2, 2))));
    }

    /** Node 1 acknowledges everything the leader has: the no-op (index 3) commits. */
    static void commitNoOp(RaftCore l) {
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, l.lastIndex(), 0, 0));
    }

    static List<ReadHeartbeat> heartbeats(Ready r) {
        return r.messages().stream().filter(m -> m instanceof ReadHeartbeat).map(m -> (ReadHeartbeat) m).toList();
    }

    static ReadHeartbeatReply ack(ReadHeartbeat h, long term) {
        return new ReadHeartbeatReply(h.to(), h.from(), term, h.readId());
    }

    @Test
    void theServerProfileAppendsAnEmptyEntryOfTheNewTermOnElection() {
        RaftCore l = leader(SERVER);
        assertEquals(3, l.lastIndex());
        assertEquals(l.currentTerm(), l.termAt(3));
        RaftCore lab = leader(RaftConfig.lab());
        assertEquals(2, lab.lastIndex(), "the lab profile appends nothing: the lab counts command indices");
    }

    @Test
    void noReadIsAnsweredBeforeAnEntryOfTheLeadersTermIsCommitted() {
        RaftCore l = leader(SERVER);
        l.readIndex(1);
        Ready r = Cores.ready(l);
        assertEquals(List.of(), heartbeats(r), "no round before the no-op commits");
        assertEquals(List.of(), r.reads());
        commitNoOp(l);
        assertEquals(3, l.commitIndex());
        List<ReadHeartbeat> hb = heartbeats(Cores.ready(l));
        assertEquals(2, hb.size());
        l.step(ack(hb.get(0), l.currentTerm()));
        assertEquals(List.of(new ReadState(1, 3)), Cores.ready(l).reads());
    }

    @Test
    void withoutTheNoOpAReadWaitsForAClientCommandOfTheTerm() {
        RaftCore l = leader(RaftConfig.lab());
        l.readIndex(1);
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 2, 0, 0));
        assertEquals(List.of(), heartbeats(Cores.ready(l)), "entries of an older term do not commit by counting");
        l.clientRequest(new byte[]{9});
        Cores.ready(l);
        commitNoOp(l);
        assertEquals(2, heartbeats(Cores.ready(l)).size());
    }

    @Test
    void aRoundNeedsAQuorumOfAcksOfItsIdAndTerm() {
        RaftCore l = Cores.leader(5, SERVER, new RaftStorage.Recovered(2, -1, 0, 0, null, List.of()));
        l.step(new AppendEntriesReply(1, 0, l.currentTerm(), true, 1, 0, 0));
        l.step(new AppendEntriesReply(2, 0, l.currentTerm(), true, 1, 0, 0));
        Cores.ready(l);
        l.readIndex(1);
        List<ReadHeartbeat> hb = heartbeats(Cores.ready(l));
        assertEquals(4, hb.size());
        l.step(ack(hb.get(0), l.currentTerm()));
        l.step(ack(hb.get(0), l.currentTerm()));   // a duplicate counts once
        l.step(new ReadHeartbeatReply(2, 0, l.currentTerm(), hb.get(0).readId() + 7));   // another round's
        assertEquals(List.of(), Cores.ready(l).reads(), "two of five is no quorum");
        l.step(ack(hb.get(2), l.currentTerm()));
        assertEquals(List.of(new ReadState(1, 1)), Cores.ready(l).reads());
    }

    @Test
    void concurrentReadsShareOneRound() {
        RaftCore l = leader(SERVER);
        for (long ctx = 1; ctx <= 10; ctx++) {
            l.readIndex(ctx);   // all before the no-op commits: they wait together
        }
        commitNoOp(l);
        List<ReadHeartbeat> hb = heartbeats(Cores.ready(l));
        assertEquals(2, hb.size(), "one round for ten reads");
        l.step(ack(hb.get(1), l.currentTerm()));
        List<ReadState> done = Cores.ready(l).reads();
        assertEquals(10, done.size());
        assertTrue(done.stream().allMatch(s -> s.index() == 3));
        // Reads arriving while a round is in flight share the next one.
        l.readIndex(11);
        List<ReadHeartbeat> second = heartbeats(Cores.ready(l));
        l.readIndex(12);
        l.readIndex(13);
        assertEquals(List.of(), heartbeats(Cores.ready(l)), "one round in flight at a time");
        l.step(ack(second.get(0), l.currentTerm()));
        Ready r = Cores.ready(l);
        assertEquals(List.of(new ReadState(11, 3)), r.reads());
        List<ReadHeartbeat> third = heartbeats(r);
        assertEquals(2, third.size(), "12 and 13 go out together");
        l.step(ack(third.get(0), l.currentTerm()));
        assertEquals(List.of(new ReadState(12, 3), new ReadState(13, 3)), Cores.ready(l).reads());
    }

    @Test
    void aDeposedLeadersReadIsNeverConfirmed() {
        RaftCore l = leader(SERVER);
        commitNoOp(l);
        Cores.ready(l);
        long term = l.currentTerm();
        l.readIndex(1);
        List<ReadHeartbeat> hb = heartbeats(Cores.ready(l));
        // Both followers have moved on to a later leader: their replies carry its term.
        l.step(ack(hb.get(0), term + 1));
        Ready r = Cores.ready(l);
        assertFalse(l.isLeader());
        assertEquals(List.of(new ReadState(1, -1)), r.reads());
        l.step(ack(hb.get(1), term + 1));
        assertEquals(List.of(), Cores.ready(l).reads(), "nothing answered after");
        l.readIndex(2);
        assertEquals(List.of(new ReadState(2, -1)), Cores.ready(l).reads(), "no leader known: refused");
    }

    @Test
    void steppingDownByCheckQuorumRefusesPendingReads() {
        RaftCore l = leader(SERVER);
        commitNoOp(l);
        Cores.ready(l);
        l.readIndex(1);
        Cores.ready(l);
        for (int i = 0; i < 2 * SERVER.electionTicksMax() && l.isLeader(); i++) {
            l.tick();
        }
        assertFalse(l.isLeader());
        assertEquals(List.of(new ReadState(1, -1)), Cores.ready(l).reads());
    }

    @Test
    void aReadHeartbeatOfAnOlderTermIsAnsweredWithTheNewerTerm() {
        RaftCore f = Cores.follower(1, 3, SERVER, new RaftStorage.Recovered(5, -1, 0, 0, null, List.of()));
        f.step(new ReadHeartbeat(0, 1, 4, 9));
        assertEquals(List.of(new ReadHeartbeatReply(1, 0, 5, 9)), Cores.ready(f).messages());
    }

    @Test
    void aSingleNodeAnswersOnceItsNoOpIsDurable() {
        RaftCore c = Cores.leader(1, SERVER, new RaftStorage.Recovered(0, -1, 0, 0, null, List.of()));
        c.readIndex(4);
        assertEquals(List.of(new ReadState(4, 1)), Cores.ready(c).reads());
    }

    @Test
    void aFollowerForwardsItsReadAndTakesTheLeadersIndex() {
        RaftCore l = leader(SERVER);
        commitNoOp(l);
        Cores.ready(l);
        RaftCore f = Cores.follower(1, 3, SERVER, new RaftStorage.Recovered(l.currentTerm(), 0, 0, 0, null, List.of()));
        f.readIndex(5);
        assertEquals(List.of(new ReadState(5, -1)), Cores.ready(f).reads(), "no leader known yet");
        f.step(new Message.AppendEntries(0, 1, l.currentTerm(), 0, 0, List.of(), 0));
        Cores.ready(f);
        f.readIndex(6);
        List<Message> out = Cores.ready(f).messages();
        assertEquals(List.of(new ReadIndexRequest(1, 0, l.currentTerm(), 6)), out);
        l.step(out.get(0));
        ReadHeartbeat hb = heartbeats(Cores.ready(l)).get(0);
        l.step(ack(hb, l.currentTerm()));
        List<Message> reply = Cores.ready(l).messages();
        assertEquals(List.of(new ReadIndexReply(0, 1, l.currentTerm(), 6, 3)), reply);
        f.step(reply.get(0));
        assertEquals(List.of(new ReadState(6, 3)), Cores.ready(f).reads());
    }

    @Test
    void aNonLeaderRefusesAForwardedRead() {
        RaftCore f = Cores.follower(1, 3, SERVER, new RaftStorage.Recovered(3, -1, 0, 0, null, List.of()));
        f.step(new ReadIndexRequest(2, 1, 3, 8));
        assertEquals(List.of(new ReadIndexReply(1, 2, 3, 8, -1)), Cores.ready(f).messages());
    }

    /** A leader with leases whose no-op is committed and whose first round, begun at time 0, is confirmed. */
    static RaftCore leaseLeader() {
        RaftCore l = leader(LEASE);
        l.setNow(0);
        commitNoOp(l);
        l.readIndex(1);
        List<ReadHeartbeat> hb = heartbeats(Cores.ready(l));
        l.setNow(5);
        l.step(ack(hb.get(0), l.currentTerm()));
        assertEquals(List.of(new ReadState(1, 3)), Cores.ready(l).reads());
        return l;
    }

    @Test
    void aLeaseAnswersFromLocalStateUntilItRunsOut() {
        RaftCore l = leaseLeader();
        long lease = LEASE.leaseMillis();   // counted from the round's start (0), not its confirmation (5)
        l.setNow(lease - 1);
        l.readIndex(2);
        Ready r = Cores.ready(l);
        assertEquals(List.of(new ReadState(2, 3)), r.reads());
        assertEquals(List.of(), heartbeats(r), "no round while the lease holds");
        l.setNow(lease);
        l.readIndex(3);
        r = Cores.ready(l);
        assertEquals(List.of(), r.reads());
        assertEquals(2, heartbeats(r).size(), "an expired lease falls back to a round");
    }

    @Test
    void aLeaseIsShorterThanTheShortestElectionTimeoutByTheDriftBound() {
        assertEquals(SERVER.electionTicksMin() * SERVER.tickMillis() - 50, LEASE.leaseMillis());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.defaults().withLeaseDriftMillis(10),
                "leases without check-quorum");
    }

    @Test
    void aLeaderThatSentTimeoutNowHasNoLease() {
        RaftCore l = leaseLeader();
        l.step(new AppendEntriesReply(2, 0, l.currentTerm(), true, l.lastIndex(), 0, 0));
        Cores.ready(l);
        assertTrue(l.transferLeadership(2));
        Cores.ready(l);
        l.setNow(10);
        l.readIndex(2);
        Ready r = Cores.ready(l);
        assertEquals(List.of(), r.reads(), "the target's election ignores stickiness: no lease");
        assertEquals(2, heartbeats(r).size());
    }

    @Test
    void withLeasesTheHeartbeatRenewsTheLease() {
        RaftCore l = leaseLeader();
        Ready r = null;
        for (int i = 0; i < LEASE.heartbeatTicks(); i++) {
            l.tick();
            r = Cores.ready(l);
        }
        assertEquals(2, heartbeats(r).size(), "an empty round at heartbeat time");
    }
}
