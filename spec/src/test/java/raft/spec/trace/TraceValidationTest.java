package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Message;
import raft.core.SpecAction;
import raft.core.TraceEvent;

/** RaftTrace.tla on hand-written traces: a valid election, and a second vote in one term. */
class TraceValidationTest {
    static final Path SPEC_DIR = Path.of(System.getProperty("spec.dir", "tla"));

    @TempDir
    Path dir;

    static TraceEvent ev(SpecAction action, int node, Message m, long term, String role, int votedFor) {
        return new TraceEvent(action, node, m, term, role, votedFor, 0, 0, 0, List.of());
    }

    static List<TraceEvent> election() {
        Message.RequestVote rv = new Message.RequestVote(0, 1, 1, 0, 0);
        return List.of(
                ev(SpecAction.Restart, 0, null, 0, "Follower", -1),
                ev(SpecAction.Restart, 1, null, 0, "Follower", -1),
                ev(SpecAction.Restart, 2, null, 0, "Follower", -1),
                ev(SpecAction.Timeout, 0, null, 1, "Candidate", 0),
                ev(SpecAction.RequestVote, 0, rv, 1, "Candidate", 0),
                ev(SpecAction.UpdateTerm, 1, rv, 1, "Follower", -1),
                ev(SpecAction.HandleRequestVoteRequest, 1, rv, 1, "Follower", 0),
                ev(SpecAction.HandleRequestVoteResponse, 0, new Message.RequestVoteReply(1, 0, 1, true), 1, "Candidate", 0),
                ev(SpecAction.BecomeLeader, 0, null, 1, "Leader", 0));
    }

    private TraceValidator.Verdict validate(List<TraceEvent> events) throws Exception {
        Path trace = dir.resolve("TraceLog.tla");
        try (TlaTraceWriter w = new TlaTraceWriter(trace, 3)) {
            events.forEach(w::event);
        }
        TraceValidator.Verdict v = new TraceValidator(SPEC_DIR, dir.resolve("work"), s -> {})
                .validate(trace, Duration.ofSeconds(300));
        System.out.println(v.describe());
        return v;
    }

    @Test
    void anElectionIsValid() throws Exception {
        TraceValidator.Verdict v = validate(election());
        assertTrue(v.valid(), v.describe());
        assertEquals(9, v.events());
    }

    @Test
    void aSecondVoteInOneTermIsRejectedAtThatEvent() throws Exception {
        List<TraceEvent> events = new java.util.ArrayList<>(election());
        Message.RequestVote rv2 = new Message.RequestVote(2, 1, 1, 0, 0);
        events.add(ev(SpecAction.Timeout, 2, null, 1, "Candidate", 2));
        events.add(ev(SpecAction.RequestVote, 2, rv2, 1, "Candidate", 2));
        events.add(ev(SpecAction.HandleRequestVoteRequest, 1, rv2, 1, "Follower", 2)); // event 12: node 1 voted for 0
        TraceValidator.Verdict v = validate(events);
        assertFalse(v.valid(), v.describe());
        assertEquals(12, v.failedEvent(), v.describe());
        assertTrue(v.event().contains("\"HandleRequestVoteRequest\", node |-> 1"), v.event());
        assertTrue(v.stateBefore().get("votedFor").contains("1 :> 0"), v.describe());
    }

    @Test
    void aMessageNeverSentIsRejected() throws Exception {
        List<TraceEvent> events = new java.util.ArrayList<>(election().subList(0, 4));
        Message.RequestVote forged = new Message.RequestVote(2, 1, 1, 0, 0);
        events.add(ev(SpecAction.HandleRequestVoteRequest, 1, forged, 0, "Follower", -1));
        TraceValidator.Verdict v = validate(events);
        assertFalse(v.valid(), v.describe());
        assertEquals(5, v.failedEvent(), v.describe());
    }
}
