package raft.core;

import org.junit.jupiter.api.Test;
import raft.core.RaftConfig;
import raft.core.RaftStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TraceTest {
    @Test
    void electionEmitsSpecActionsInOrder() {
        List<TraceEvent> events = new ArrayList<>();
        Tracer t = new Tracer() {
            public boolean enabled() {
                return true;
            }

            public void event(TraceEvent e) {
                events.add(e);
            }
        };
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1), t);
        for (int i = 0; i < 1000 && !c.roleName().equals("Candidate"); i++) {
            c.tick();
        }
        c.step(new Message.RequestVoteReply(1, 0, 1, true));
        c.clientRequest(new byte[]{1});
        List<String> actions = events.stream().map(e -> e.action().name()).toList();
        assertEquals(List.of("Restart", "Timeout", "RequestVote", "RequestVote", "HandleRequestVoteReply",
                "BecomeLeader", "AppendEntries", "AppendEntries", "ClientRequest"), actions);
        TraceEvent last = events.get(events.size() - 1);
        assertEquals("Leader", last.role());
        assertEquals(1, last.currentTerm());
        assertEquals(List.of(1L), last.logTerms());
    }

    @Test
    void disabledTracerReceivesNothing() {
        Tracer t = new Tracer() {
            public boolean enabled() {
                return false;
            }

            public void event(TraceEvent e) {
                fail("event built while tracing is off");
            }
        };
        RaftCore c = new RaftCore(0, 1, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1), t);
        for (int i = 0; i < 200; i++) {
            c.tick();
        }
        assertTrue(c.isLeader());
    }

    private static final class Recorder implements Tracer {
        final List<TraceEvent> events = new ArrayList<>();

        public boolean enabled() {
            return true;
        }

        public void event(TraceEvent e) {
            events.add(e);
        }

        List<String> drain() {
            List<String> a = events.stream().map(e -> e.action().name()).toList();
            events.clear();
            return a;
        }
    }

    @Test
    void followerSideActionsAreNamedAfterTheSpec() {
        Recorder t = new Recorder();
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1), t);
        t.drain();
        Message.RequestVote rv = new Message.RequestVote(1, 0, 1, 0, 0);
        c.step(rv);
        assertEquals(List.of("UpdateTerm", "HandleRequestVoteRequest"), t.events.stream().map(e -> e.action().name()).toList());
        assertSame(rv, t.events.get(1).message());
        assertEquals(1, t.events.get(1).votedFor());
        t.drain();
        c.step(new Message.AppendEntries(1, 0, 1, 0, 0, List.of(new Entry(1, 1, new byte[]{1})), 1));
        assertEquals(List.of("HandleAppendEntriesRequest"), t.events.stream().map(e -> e.action().name()).toList());
        assertEquals(1, t.events.get(0).commitIndex());
        assertEquals(List.of(1L), t.events.get(0).logTerms());
        t.drain();
        c.step(new Message.RequestVoteReply(2, 0, 0, true));
        c.step(new Message.AppendEntriesReply(2, 0, 1, true, 1, 0, 0));
        assertEquals(List.of("DropStaleReply", "DropStaleReply"), t.drain());
        c.snapshot(1, new byte[]{1});
        assertEquals(List.of("Snapshot"), t.events.stream().map(e -> e.action().name()).toList());
        assertEquals(1, t.events.get(0).snapshotIndex());
        t.drain();
        c.step(new Message.InstallSnapshot(1, 0, 1, 5, 1, new byte[]{5}));
        assertEquals(List.of("HandleInstallSnapshotRequest"), t.events.stream().map(e -> e.action().name()).toList());
        assertEquals(5, t.events.get(0).snapshotIndex());
        assertEquals(5, t.events.get(0).commitIndex());
        c.step(new Message.InstallSnapshotReply(2, 0, 1, 5));
        c.step(new Message.RequestVoteReply(2, 0, 1, true));
        assertEquals(List.of("HandleInstallSnapshotRequest", "DropStaleReply", "DropStaleReply"), t.drain());
        c.step(new Message.AppendEntries(2, 0, 0, 0, 0, List.of(), 0));
        c.step(new Message.InstallSnapshot(2, 0, 0, 9, 0, new byte[0]));
        c.step(new Message.RequestVote(2, 0, 0, 9, 9));
        assertEquals(List.of("HandleAppendEntriesRequest", "HandleInstallSnapshotRequest", "HandleRequestVoteRequest"),
                t.drain(), "stale requests are still handled (refused) by the spec's handlers");
    }

    @Test
    void leaderSideActionsAreNamedAfterTheSpec() {
        Recorder t = new Recorder();
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1), t);
        for (int i = 0; i < 1000 && !c.roleName().equals("Candidate"); i++) {
            c.tick();
        }
        c.step(new Message.RequestVoteReply(1, 0, 1, true));
        t.drain();
        c.clientRequest(new byte[]{1});
        c.flush();
        Cores.ready(c);
        assertEquals(List.of("ClientRequest", "AppendEntries", "AppendEntries"), t.drain());
        c.step(new Message.AppendEntriesReply(1, 0, 1, true, 1, 0, 0));
        assertEquals(List.of("HandleAppendEntriesReply", "AdvanceCommitIndex"), t.events.stream().map(e -> e.action().name()).toList());
        assertEquals(1, t.events.get(1).commitIndex());
        t.drain();
        c.snapshot(1, new byte[]{1});
        c.step(new Message.AppendEntriesReply(2, 0, 1, false, 0, 0, 1));
        assertEquals(List.of("Snapshot", "HandleAppendEntriesReply", "InstallSnapshot"), t.drain());
        c.step(new Message.InstallSnapshotReply(2, 0, 1, 1));
        assertEquals(List.of("HandleInstallSnapshotReply"), t.drain());
        c.step(new Message.RequestVoteReply(2, 0, 1, true));
        assertEquals(List.of("DropStaleReply"), t.drain());
        c.step(new Message.AppendEntriesReply(2, 0, 3, false, 0, 0, 0));
        assertEquals(List.of("UpdateTerm", "DropStaleReply"), t.drain());
        assertEquals("Follower", c.roleName());
    }

    /** Changes are traced as the spec's actions, and every event carries the configuration entries of its log. */
    @Test
    void membershipChangesAreNamedAfterTheSpecAndCarryTheirConfigurations() {
        Recorder t = new Recorder();
        RaftCore c = new RaftCore(0, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1), t);
        while (!c.roleName().equals("Candidate")) {
            c.tick();
        }
        c.step(new Message.RequestVoteReply(1, 0, 1, true));
        long first = c.clientRequest(new byte[]{1}).index();
        Cores.ready(c);
        MembershipCoreTest.ack(c, 1, first);
        t.drain();
        long add = c.changeMembership(new MembershipChange.Add(new Member(3, ""), true));
        TraceEvent added = t.events.get(0);
        assertEquals(SpecAction.AddLearner, added.action());
        Membership withLearner = new Membership(Membership.ofSize(3).voters(), List.of(new Member(3, "")));
        assertEquals(java.util.Map.of(add, withLearner), added.logConfigs());
        assertEquals(Membership.ofSize(3), added.snapshotConfig());
        Cores.ready(c);
        MembershipCoreTest.ack(c, 1, add);
        t.drain();
        long rm = c.changeMembership(new MembershipChange.Remove(0));
        assertEquals(SpecAction.RemoveServer, t.events.get(0).action());
        assertEquals(2, t.events.get(0).logConfigs().size());
        Cores.ready(c);
        MembershipCoreTest.ack(c, 1, rm);
        MembershipCoreTest.ack(c, 2, rm);
        List<String> tail = t.drain();
        assertEquals(List.of("AdvanceCommitIndex", "StepDownRemoved"), tail.subList(tail.size() - 2, tail.size()));
    }
}
