package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Entry;
import raft.core.Message;
import raft.core.SpecAction;
import raft.core.TraceEvent;

/**
 * RaftTrace.tla on hand-written traces: a valid election, a second vote in one term; a follower
 * read's message raising a term, with a term its sender had and with one it never had; a late
 * TimeoutNow whose transfer election a correct voter refuses on the log check, and the same
 * trace from a core that skips that check on a transfer vote, rejected at the vote; a leader
 * committing less than its quorum holds (its own fsync lagging: valid), and without a quorum (not).
 */
class TraceValidationTest {
    static final Path SPEC_DIR = Path.of(System.getProperty("spec.dir", "tla"));

    @TempDir
    Path dir;

    static TraceEvent ev(SpecAction action, int node, Message m, long term, String role, int votedFor) {
        return new TraceEvent(action, node, m, term, role, votedFor, 0, 0, 0, List.of());
    }

    static TraceEvent ev(SpecAction action, int node, Message m, long term, String role, int votedFor, long commit,
                         List<Long> log) {
        return new TraceEvent(action, node, m, term, role, votedFor, commit, 0, 0, log);
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
                ev(SpecAction.HandleRequestVoteReply, 0, new Message.RequestVoteReply(1, 0, 1, true), 1, "Candidate", 0),
                ev(SpecAction.BecomeLeader, 0, null, 1, "Leader", 0));
    }

    private TraceValidator.Verdict validate(List<TraceEvent> events) throws Exception {
        return validate(events, false);
    }

    private TraceValidator.Verdict validate(List<TraceEvent> events, boolean sticky) throws Exception {
        Path trace = dir.resolve("TraceLog.tla");
        try (TlaTraceWriter w = new TlaTraceWriter(trace, 3)) {
            w.sticky(sticky);
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

    /** A follower read (no spec action) shows only when its term raises the receiver's: a term its sender has. */
    @Test
    void aFollowerReadRaisesTheTermOfItsSender() throws Exception {
        List<TraceEvent> events = new java.util.ArrayList<>(election());
        events.add(ev(SpecAction.UpdateTerm, 2, new Message.ReadIndexRequest(1, 2, 1, 7), 1, "Follower", -1));
        TraceValidator.Verdict v = validate(events);
        assertTrue(v.valid(), v.describe());
        assertEquals(10, v.events());
    }

    @Test
    void aFollowerReadWithATermItsSenderNeverHadIsRejected() throws Exception {
        List<TraceEvent> events = new java.util.ArrayList<>(election());
        events.add(ev(SpecAction.UpdateTerm, 2, new Message.ReadIndexReply(0, 2, 5, 7, 1), 5, "Follower", -1));
        TraceValidator.Verdict v = validate(events);
        assertFalse(v.valid(), v.describe());
        assertEquals(10, v.failedEvent(), v.describe());
        assertTrue(v.event().contains("mtype |-> \"ReadIndexReply\""), v.event());
    }

    /**
     * Server profile, 3 nodes. 0 wins a pre-vote round and the election of term 1, starts a
     * transfer to 1 (whose empty log matches 0's) and sends TimeoutNow, which the network holds
     * back. The transfer times out, 0 appends entry 1 and commits it with 2. Then the TimeoutNow
     * arrives: 1, still a follower of term 1, starts a transfer election with an empty log and
     * asks 2, whose log holds the committed entry. 2's answer is event 26 (grant: the vote).
     */
    static List<TraceEvent> lateTimeoutNow(boolean grant) {
        List<Long> none = List.of();
        List<Long> one = List.of(1L);
        Message.PreVote pv = new Message.PreVote(0, 1, 1, 0, 0);
        Message.RequestVote rv = new Message.RequestVote(0, 1, 1, 0, 0);
        Message.AppendEntries ae = new Message.AppendEntries(0, 2, 1, 0, 0, List.of(new Entry(1, 1, new byte[0])), 0);
        Message.TimeoutNow tn = new Message.TimeoutNow(0, 1, 1);
        Message.RequestVote tv = new Message.RequestVote(1, 2, 2, 0, 0, true);
        return List.of(
                ev(SpecAction.Restart, 0, null, 0, "Follower", -1),
                ev(SpecAction.Restart, 1, null, 0, "Follower", -1),
                ev(SpecAction.Restart, 2, null, 0, "Follower", -1),
                ev(SpecAction.PreVoteTimeout, 0, null, 0, "PreCandidate", -1),
                ev(SpecAction.RequestPreVote, 0, pv, 0, "PreCandidate", -1),
                ev(SpecAction.HandlePreVoteRequest, 1, pv, 0, "Follower", -1),
                ev(SpecAction.HandlePreVoteReply, 0, new Message.PreVoteReply(1, 0, 1, true), 0, "PreCandidate", -1),
                ev(SpecAction.BecomeCandidate, 0, null, 1, "Candidate", 0),
                ev(SpecAction.RequestVote, 0, rv, 1, "Candidate", 0),
                ev(SpecAction.UpdateTerm, 1, rv, 1, "Follower", -1),
                ev(SpecAction.HandleRequestVoteRequest, 1, rv, 1, "Follower", 0),
                ev(SpecAction.HandleRequestVoteReply, 0, new Message.RequestVoteReply(1, 0, 1, true), 1, "Candidate", 0),
                ev(SpecAction.BecomeLeader, 0, null, 1, "Leader", 0),
                ev(SpecAction.TransferLeadership, 0, null, 1, "Leader", 0),
                ev(SpecAction.SendTimeoutNow, 0, tn, 1, "Leader", 0),
                ev(SpecAction.TransferTimeout, 0, null, 1, "Leader", 0),
                ev(SpecAction.ClientRequest, 0, null, 1, "Leader", 0, 0, one),
                ev(SpecAction.AppendEntries, 0, ae, 1, "Leader", 0, 0, one),
                ev(SpecAction.UpdateTerm, 2, ae, 1, "Follower", -1),
                ev(SpecAction.HandleAppendEntriesRequest, 2, ae, 1, "Follower", -1, 0, one),
                ev(SpecAction.HandleAppendEntriesReply, 0, new Message.AppendEntriesReply(2, 0, 1, true, 1, 0, 0),
                        1, "Leader", 0, 0, one),
                ev(SpecAction.AdvanceCommitIndex, 0, null, 1, "Leader", 0, 1, one),
                ev(SpecAction.HandleTimeoutNow, 1, tn, 2, "Candidate", 1, 0, none),
                ev(SpecAction.RequestTransferVote, 1, tv, 2, "Candidate", 1, 0, none),
                ev(SpecAction.UpdateTerm, 2, tv, 2, "Follower", -1, 0, one),
                ev(SpecAction.HandleRequestVoteRequest, 2, tv, 2, "Follower", grant ? 1 : -1, 0, one),
                ev(SpecAction.HandleRequestVoteReply, 1, new Message.RequestVoteReply(2, 1, 2, grant), 2,
                        "Candidate", 1, 0, none));
    }

    @Test
    void aTransferVoteRefusedOnTheLogCheckIsValid() throws Exception {
        TraceValidator.Verdict v = validate(lateTimeoutNow(false), true);
        assertTrue(v.valid(), v.describe());
        assertEquals(27, v.events());
    }

    @Test
    void aTransferVoteThatSkipsTheLogCheckIsRejectedAtTheVote() throws Exception {
        List<TraceEvent> events = new java.util.ArrayList<>(lateTimeoutNow(true));
        events.add(ev(SpecAction.BecomeLeader, 1, null, 2, "Leader", 1, 0, List.of()));
        TraceValidator.Verdict v = validate(events, true);
        assertFalse(v.valid(), v.describe());
        assertEquals(26, v.failedEvent(), v.describe());
        assertTrue(v.event().startsWith("[action |-> \"HandleRequestVoteRequest\", node |-> 2"), v.event());
        assertTrue(v.event().contains("mtransfer |-> TRUE"), v.event());
        assertTrue(v.stateBefore().get("log").contains("2 :> <<1>>"), v.describe());
    }

    /** After election(): 0 appends two entries, ships both to 1 (which acknowledges both, or not), commits one. */
    static List<TraceEvent> replicateTwoCommitOne(boolean acknowledged) {
        List<Long> two = List.of(1L, 1L);
        Message.AppendEntries ae = new Message.AppendEntries(0, 1, 1, 0, 0,
                List.of(new Entry(1, 1, new byte[0]), new Entry(2, 1, new byte[0])), 0);
        List<TraceEvent> events = new java.util.ArrayList<>(election());
        events.add(ev(SpecAction.ClientRequest, 0, null, 1, "Leader", 0, 0, List.of(1L)));
        events.add(ev(SpecAction.ClientRequest, 0, null, 1, "Leader", 0, 0, two));
        events.add(ev(SpecAction.AppendEntries, 0, ae, 1, "Leader", 0, 0, two));
        if (acknowledged) {
            events.add(ev(SpecAction.HandleAppendEntriesRequest, 1, ae, 1, "Follower", 0, 0, two));
            Message.AppendEntriesReply ok = new Message.AppendEntriesReply(1, 0, 1, true, 2, 0, 0);
            events.add(ev(SpecAction.HandleAppendEntriesReply, 0, ok, 1, "Leader", 0, 0, two));
        }
        events.add(ev(SpecAction.AdvanceCommitIndex, 0, null, 1, "Leader", 0, 1, two));
        return events;
    }

    /** A real leader's own fsync may lag its followers: it commits 1 of the 2 entries a quorum holds (valid). */
    @Test
    void aLeaderMayCommitLessThanTheQuorumHolds() throws Exception {
        TraceValidator.Verdict v = validate(replicateTwoCommitOne(true));
        assertTrue(v.valid(), v.describe());
        assertEquals(15, v.events());
    }

    @Test
    void aCommitWithoutAQuorumIsRejected() throws Exception {
        TraceValidator.Verdict v = validate(replicateTwoCommitOne(false));
        assertFalse(v.valid(), v.describe());
        assertEquals(13, v.failedEvent(), v.describe());
        assertTrue(v.event().startsWith("[action |-> \"AdvanceCommitIndex\", node |-> 0"), v.event());
    }
}
