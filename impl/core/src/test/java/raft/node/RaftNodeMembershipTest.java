package raft.node;

import org.junit.jupiter.api.Test;
import raft.core.ApplyMsg;
import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange.Add;
import raft.core.MembershipChange.Remove;
import raft.core.MembershipException;
import raft.core.RaftConfig;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/** membership(), changeMembership() and the membership listener of RaftNode, in virtual time. */
class RaftNodeMembershipTest {
    /** Voters 0..2 and a joiner 3 (started with the same initial configuration, outside it). */
    static final class Cluster {
        final VirtualScheduler sched = new VirtualScheduler();
        final RaftNode[] nodes = new RaftNode[4];
        final MemoryPersister[] persisters = new MemoryPersister[4];
        final List<List<Membership>> heard = new ArrayList<>();
        final List<List<ApplyMsg>> applied = new ArrayList<>();
        final boolean[] connected = {true, true, true, true};
        final Membership initial = Membership.ofSize(3);

        Cluster() {
            for (int i = 0; i < 4; i++) {
                persisters[i] = new MemoryPersister();
                heard.add(new ArrayList<>());
                applied.add(new ArrayList<>());
                start(i);
            }
        }

        void start(int i) {
            nodes[i] = RaftNode.newBuilder().id(i).members(initial).config(RaftConfig.defaults())
                    .storage(new PersisterStorage(persisters[i]))
                    .transport(m -> {
                        if (connected[m.from()] && connected[m.to()]) {
                            sched.schedule(1, () -> nodes[m.to()].receive(m));
                        }
                    })
                    .applier(applied.get(i)::add).membershipListener(heard.get(i)::add)
                    .scheduler(sched).applyExecutor(task -> sched.schedule(0, task))
                    .random(new SplittableRandom(200 + i)).build();
        }

        int leader() {
            for (int i = 0; i < 4; i++) {
                if (connected[i] && nodes[i].state().isLeader()) {
                    return i;
                }
            }
            return -1;
        }

        /** A leader with an entry of its term committed (the defaults have no no-op). */
        int readyLeader() {
            sched.runFor(3000);
            int l = leader();
            assertTrue(l >= 0 && l < 3, "a voter leads");
            nodes[l].start(new byte[]{1});
            sched.runFor(200);
            return l;
        }
    }

    static MembershipException refusal(CompletableFuture<Membership> f) {
        assertTrue(f.isDone());
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(MembershipException.class, e.getCause());
    }

    @Test
    void addedServerIsPromotedAndEveryoneHearsTheNewConfiguration() throws Exception {
        Cluster c = new Cluster();
        int l = c.readyLeader();
        MembershipException notLeader = refusal(c.nodes[(l + 1) % 3].changeMembership(new Add(new Member(3, "x"), false)));
        assertEquals(l, notLeader.leaderHint());

        CompletableFuture<Membership> f = c.nodes[l].changeMembership(new Add(new Member(3, "x"), false));
        c.sched.runFor(500);
        assertTrue(f.isDone(), "completes once the promotion commits");
        Membership four = f.get();
        assertTrue(four.isVoter(3));
        assertEquals("x", four.member(3).orElseThrow().address());
        for (int i = 0; i < 4; i++) {
            assertEquals(four, c.nodes[i].membership(), "node " + i);
            assertEquals(four, c.heard.get(i).get(c.heard.get(i).size() - 1), "node " + i + "'s listener");
        }
        assertEquals(List.of(c.initial, learner(c.initial), four), c.heard.get(3), "the joiner heard every step once");
        assertEquals(2, c.applied.get(3).stream().filter(m -> m instanceof ApplyMsg.Config).count());

        c.nodes[3].kill();
        c.heard.get(3).clear();
        c.start(3);
        assertEquals(List.of(four), c.heard.get(3), "a restart reports the recovered configuration");
    }

    private static Membership learner(Membership m) {
        return new Membership(m.voters(), List.of(new Member(3, "x")));
    }

    @Test
    void aChangeFailsWhenItsLeaderIsDeposedBeforeItCommits() {
        Cluster c = new Cluster();
        int l = c.readyLeader();
        c.connected[l] = false;
        CompletableFuture<Membership> f = c.nodes[l].changeMembership(new Remove((l + 1) % 3));
        c.sched.runFor(3000);
        assertFalse(f.isDone(), "cut off: neither committed nor deposed yet");
        c.connected[l] = true;
        c.sched.runFor(3000);
        MembershipException lost = refusal(f);
        assertTrue(lost.getMessage().contains("leadership lost"), lost.getMessage());
        assertTrue(lost.accepted(), "appended before the loss: it may still commit, not a refusal");
        // Raft truncates only on a conflict: the new leader's next entry overwrites the change.
        int next = c.leader();
        assertNotEquals(l, next);
        c.nodes[next].start(new byte[]{2});
        c.sched.runFor(500);
        assertEquals(c.initial, c.nodes[l].membership(), "the uncommitted entry was overwritten");
        assertEquals(c.initial, c.heard.get(l).get(c.heard.get(l).size() - 1), "and the listener heard the revert");
    }
}
