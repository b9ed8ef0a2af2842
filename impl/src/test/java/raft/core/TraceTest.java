package raft.core;

import org.junit.jupiter.api.Test;
import raft.node.RaftConfig;
import raft.storage.RaftStorage;

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
        c.propose(new byte[]{1});
        List<String> actions = events.stream().map(TraceEvent::action).toList();
        assertEquals(List.of("Restart", "Timeout", "RequestVote", "RequestVote", "HandleRequestVoteResponse",
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
}
