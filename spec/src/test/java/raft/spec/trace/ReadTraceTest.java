package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import raft.core.RaftConfig;
import raft.lab.LabConfig;
import raft.lab.LabRun;

/**
 * ReadIndex reads in a validated trace: a lab run with RaftConfig.lab() (pre-vote and
 * check-quorum; no no-op on election, whose empty command the lab's applier cannot decode, so
 * each leader first commits a command of its term, after which it serves reads) where every
 * server asks for reads, several at once
 * (they share rounds), before and after the leader is cut off; the cut-off leader's read is
 * refused. The trace must contain all five read actions and validate against
 * RaftLeadership.tla. And the same trace with one confirming reply taken out, so that an
 * AnswerRead has no quorum behind it, is rejected at that AnswerRead.
 */
class ReadTraceTest {
    static final long SEED = LeadershipTraceTest.SEED;
    static final Path DIR = LeadershipTraceTest.WORK.resolve("reads-" + SEED);
    static final List<String> READ_ACTIONS = List.of("ReadIndex", "SendReadHeartbeat", "HandleReadHeartbeatRequest",
            "HandleReadHeartbeatReply", "AnswerRead");

    static Path trace;
    static long events;

    @BeforeAll
    static void record() throws Exception {
        Files.createDirectories(DIR);
        trace = DIR.resolve("TraceLog.tla");
        events = TraceRecorder.record("reads", ReadTraceTest::reads, SEED, trace, RaftConfig.lab(),
                UnaryOperator.identity());
    }

    /** Reads on every server, three at a time each; leader cut off, reads at the new one; rejoin, reads again. */
    static void reads(LabRun run) {
        LabConfig cfg = run.make(3, false, false);
        cfg.begin("reads: ReadIndex at the leader and through followers, across a leader change");
        long first = cfg.one(101L, 3, true);
        expectReads(cfg, allServers(cfg), first);
        int leader = cfg.checkOneLeader();
        cfg.disconnect(leader);
        CompletableFuture<Long> cutOff = cfg.raft(leader).readIndex();
        long second = cfg.one(102L, 2, true);
        int leader2 = cfg.checkOneLeader();
        expectReads(cfg, List.of(leader2, 3 - leader - leader2), second);
        assertTrue(cutOff.isCompletedExceptionally(), "the cut-off leader " + leader + " answered a read");
        cfg.connect(leader);
        long third = cfg.one(103L, 3, true);
        expectReads(cfg, allServers(cfg), third);
        cfg.end();
    }

    private static List<Integer> allServers(LabConfig cfg) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cfg.n(); i++) {
            all.add(i);
        }
        return all;
    }

    /** Three concurrent reads on each of servers; each answers at or above atLeast (committed before they began). */
    private static void expectReads(LabConfig cfg, List<Integer> servers, long atLeast) {
        List<CompletableFuture<Long>> reads = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            for (int i : servers) {
                reads.add(cfg.raft(i).readIndex());
            }
        }
        cfg.sleep(LabConfig.ELECTION_TIMEOUT / 2);
        for (CompletableFuture<Long> r : reads) {
            assertTrue(r.isDone() && !r.isCompletedExceptionally(), "a read on " + servers + " was not answered");
            assertTrue(r.join() >= atLeast, "read index " + r.join() + " below committed index " + atLeast);
        }
    }

    @Test
    void readTraceValidates() throws Exception {
        String text = Files.readString(trace);
        for (String action : READ_ACTIONS) {
            assertTrue(text.contains("[action |-> \"" + action + "\""), "no " + action + " event in " + trace);
        }
        TraceValidator.Verdict v = new TraceValidator(LabTraceTest.SPEC_DIR, DIR, s -> {})
                .validate(trace, Duration.ofSeconds(600));
        System.out.printf("[trace] reads seed %d: %,d events; %s%n", SEED, events, v.describe());
        assertTrue(v.valid(), "trace " + trace + ":\n" + v.describe());
        assertEquals(events, v.events());
    }

    /** The reply that completed a quorum, taken out: the AnswerRead after it is the first event refused. */
    @Test
    void answerWithoutQuorumIsRejected() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        int answer = -1;
        for (int k = TlaTraceWriter.FIRST_EVENT_LINE; k < lines.size(); k++) {
            if (lines.get(k).contains("[action |-> \"AnswerRead\"")
                    && lines.get(k - 1).contains("[action |-> \"HandleReadHeartbeatReply\"")) {
                answer = k;
                break;
            }
        }
        assertTrue(answer > 0, "no AnswerRead right after a reply in " + trace);
        lines.remove(answer - 1);
        Path badDir = DIR.resolve("no-quorum");
        Files.createDirectories(badDir);
        Path bad = badDir.resolve("TraceLog.tla");
        Files.write(bad, lines);
        TraceValidator.Verdict v = new TraceValidator(LabTraceTest.SPEC_DIR, badDir, s -> {})
                .validate(bad, Duration.ofSeconds(600));
        assertFalse(v.valid(), v.describe());
        // List index k is file line k + 1, event k + 2 - FIRST_EVENT_LINE; the answer moved up one.
        long answerEvent = answer + 1 - TlaTraceWriter.FIRST_EVENT_LINE;
        assertEquals(answerEvent, v.failedEvent(), v.describe());
        assertTrue(v.event().contains("AnswerRead"), v.describe());
    }
}
