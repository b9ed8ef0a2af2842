package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.MembershipChange.Add;
import raft.core.MembershipChange.Promote;
import raft.core.MembershipChange.Remove;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Single-server changes in the core, message by message (spec/tla/RaftMembership.tla's actions). */
class MembershipCoreTest {
    static final RaftConfig CFG = RaftConfig.defaults();

    static Member m(int id) {
        return new Member(id, "");
    }

    /** Leader 0 of {0,1,2}, term 1, with one command committed (acknowledged by 1). */
    static RaftCore committedLeader() {
        RaftCore c = Cores.leader(3, CFG, RaftStorage.Recovered.empty());
        long i = c.clientRequest(new byte[]{1}).index();
        Cores.ready(c);
        ack(c, 1, i);
        assertEquals(i, c.commitIndex());
        return c;
    }

    static void ack(RaftCore c, int from, long match) {
        c.step(new AppendEntriesReply(from, 0, c.currentTerm(), true, match, 0, 0));
        Cores.ready(c);
    }

    static String refusal(RaftCore c, MembershipChange change) {
        return assertThrows(MembershipException.class, () -> c.changeMembership(change)).getMessage();
    }

    @Test
    void refusalsSayWhy() {
        RaftCore follower = Cores.follower(1, 3, CFG, RaftStorage.Recovered.empty());
        assertTrue(refusal(follower, new Add(m(3), true)).contains("not the leader"));

        RaftCore fresh = Cores.leader(3, CFG, RaftStorage.Recovered.empty());
        assertTrue(refusal(fresh, new Add(m(3), true)).contains("no entry of the leader's term"), "the 2015 fix");

        RaftCore c = committedLeader();
        assertTrue(refusal(c, new Add(m(1), true)).contains("already a voter"));
        assertTrue(refusal(c, new Remove(9)).contains("not a member"));
        assertTrue(refusal(c, new Promote(2)).contains("not a learner"));
        long at = c.changeMembership(new Add(m(3), true));
        assertEquals(at, c.membershipIndex());
        assertTrue(c.membership().isLearner(3), "in force once appended, before it commits");
        assertTrue(refusal(c, new Remove(2)).contains("in flight"));

        RaftCore solo = Cores.leader(1, CFG, RaftStorage.Recovered.empty());
        solo.clientRequest(new byte[]{1});
        Cores.ready(solo);
        assertTrue(refusal(solo, new Remove(0)).contains("last voter"));
    }

    @Test
    void learnersGetEntriesButCountTowardNoQuorum() {
        RaftCore c = committedLeader();
        long add = c.changeMembership(new Add(m(3), true));
        Ready r = Cores.ready(c);
        assertTrue(r.messages().stream().anyMatch(x -> x.to() == 3 && x instanceof AppendEntries), "learner is fed");
        ack(c, 3, add);
        assertTrue(c.commitIndex() < add, "leader + learner is no majority of {0,1,2}");
        ack(c, 2, add);
        assertEquals(add, c.commitIndex());
        assertTrue(c.committedMembership().isLearner(3));
    }

    @Test
    void aServerOutsideItsConfigurationNeverCampaigns() {
        RaftCore joiner = new RaftCore(3, Membership.ofSize(3), CFG.withPreVote(true), RaftStorage.Recovered.empty(),
                new SplittableRandom(1), Tracer.NONE);
        RaftCore empty = new RaftCore(7, null, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(1), Tracer.NONE);
        for (int t = 0; t < 1000; t++) {
            joiner.tick();
            empty.tick();
        }
        assertTrue(Cores.ready(joiner).messages().isEmpty());
        assertTrue(Cores.ready(empty).messages().isEmpty());
        assertEquals(0, joiner.currentTerm());
        assertEquals(0, empty.currentTerm());
    }

    @Test
    void truncatingAConfigEntryRevertsToThePreviousConfiguration() {
        RaftCore f = Cores.follower(1, 3, CFG, RaftStorage.Recovered.empty());
        Membership four = Membership.ofSize(4);
        f.step(new AppendEntries(0, 1, 1, 0, 0, List.of(Cores.e(1, 1), Entry.ofConfig(2, 1, four)), 1));
        Cores.ready(f);
        assertEquals(four, f.membership());
        assertEquals(Membership.ofSize(3), f.committedMembership());
        f.step(new AppendEntries(2, 1, 2, 1, 1, List.of(Cores.e(2, 2)), 1));
        Cores.ready(f);
        assertEquals(Membership.ofSize(3), f.membership(), "the uncommitted configuration went with its entry");
        assertEquals(0, f.membershipIndex());
    }

    @Test
    void aLeaderThatRemovesItselfLeadsUntilThatCommitsThenStepsDown() {
        RaftCore c = committedLeader();
        long rm = c.changeMembership(new Remove(0));
        Cores.ready(c);
        assertTrue(c.isLeader());
        assertTrue(refusal(c, new Remove(1)).contains("removed itself"));
        ack(c, 1, rm);
        assertTrue(c.isLeader(), "itself does not count: {1} is no majority of {1,2}");
        ack(c, 2, rm);
        assertEquals(rm, c.commitIndex());
        assertFalse(c.isLeader(), "StepDownRemoved");
        for (int t = 0; t < 1000; t++) {
            c.tick();
        }
        assertTrue(Cores.ready(c).messages().isEmpty(), "a removed server never campaigns");
    }

    @Test
    void anAddedLearnerIsPromotedOnceCaughtUp() {
        RaftCore c = committedLeader();
        long add = c.changeMembership(new Add(m(3), false));
        Cores.ready(c);
        ack(c, 1, add);
        assertEquals(add, c.commitIndex());
        assertTrue(c.membership().isLearner(3), "not caught up yet: no promotion");
        ack(c, 3, add);
        assertTrue(c.membership().isVoter(3), "PromoteLearner appended");
        assertEquals(add + 1, c.membershipIndex());
        ack(c, 1, add + 1);
        assertFalse(c.committedMembership().isVoter(3), "{0,1} is no majority of {0,1,2,3}");
        ack(c, 3, add + 1);
        assertTrue(c.committedMembership().isVoter(3));
    }

    @Test
    void aSnapshotCarriesTheConfigurationToAJoiner() {
        RaftCore c = committedLeader();
        long add = c.changeMembership(new Add(m(5), true));
        Cores.ready(c);
        ack(c, 1, add);
        c.snapshot(add, new byte[]{42});
        Ready r = Cores.ready(c);
        assertEquals(c.membership(), r.update().snapshot().config());
        // The learner has nothing: its refusal sends nextIndex back into the snapshot.
        c.step(new AppendEntriesReply(5, 0, 1, false, 0, 0, 1));
        InstallSnapshot is = Cores.ready(c).messages().stream().filter(x -> x instanceof InstallSnapshot && x.to() == 5)
                .map(x -> (InstallSnapshot) x).findFirst().orElseThrow();
        assertTrue(is.config().isLearner(5));
        RaftCore joiner = new RaftCore(5, null, CFG, RaftStorage.Recovered.empty(), new SplittableRandom(1), Tracer.NONE);
        joiner.step(is);
        Ready jr = Cores.ready(joiner);
        assertEquals(is.config(), joiner.membership());
        assertEquals(is.config(), jr.update().snapshot().config(), "stored with the snapshot");
    }

    @Test
    void configEntriesReachTheApplierAsConfig() {
        RaftCore c = committedLeader();
        long add = c.changeMembership(new Add(m(3), true));
        Cores.ready(c);
        c.step(new AppendEntriesReply(1, 0, 1, true, add, 0, 0));
        ApplyMsg last = Cores.ready(c).applies().get(0);
        assertEquals(new ApplyMsg.Config(add, 1, c.membership()), last);
    }
}
