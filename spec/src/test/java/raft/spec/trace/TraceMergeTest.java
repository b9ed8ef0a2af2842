package raft.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import raft.codec.TraceLines;
import raft.command.InputError;

/**
 * The traces of a real 3-server run (src/test/resources/.../real-run, recorded with
 * `jepsen --trace`: kill -9 and restart, pause, partitions) merged in causal order validate
 * against RaftLeadership.tla; the same merged trace with one event's term raised is refused
 * at exactly that event. The merger refuses what it cannot order (a receive naming a missing
 * send, a cycle, a message named as sent before its sender sent it, a gap, a malformed line,
 * each named by file and line) and cuts a torn last line.
 */
class TraceMergeTest {
    static final Path RUN = Path.of("src/test/resources/raft/spec/trace/real-run");
    static final Path WORK = LabTraceTest.WORK.resolve("real-run");

    private static List<Path> nodes() throws IOException {
        return TraceMerger.inputs(List.of(RUN));
    }

    private static TraceValidator.Verdict validate(Path dir, Path trace) throws Exception {
        return new TraceValidator(LabTraceTest.SPEC_DIR, dir, s -> {}).validate(trace, Duration.ofSeconds(600));
    }

    @Test
    void realRunMergesAndValidates() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("valid"));
        Path out = dir.resolve("TraceLog.tla");
        TraceMerger.Result r = TraceMerger.merge(nodes(), out);
        long lines = 0;
        for (Path f : nodes()) {
            lines += Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).count();
        }
        assertEquals(lines, r.events(), "every event of every node merged once");
        String text = Files.readString(out);
        for (String action : List.of("Restart", "InstallSnapshot", "StepDown", "AnswerRead", "BecomeLeader")) {
            assertTrue(text.contains("[action |-> \"" + action + "\""), "no " + action + " in the real run");
        }
        TraceValidator.Verdict v = validate(dir, out);
        System.out.printf("[trace] real run: %s%n", v.describe());
        assertTrue(v.valid(), v.describe());
        assertEquals(r.events(), v.events());
    }

    /** One event's term raised by one: refused at that event, which the verdict names. */
    @Test
    void editedTermIsRejectedAtThatEvent() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("edited"));
        Path out = dir.resolve("TraceLog.tla");
        long events = TraceMerger.merge(nodes(), out).events();
        long victim = events / 2;
        String edited = TraceEdit.bumpTerm(out, victim);
        TraceValidator.Verdict v = validate(dir, out);
        assertFalse(v.valid(), v.describe());
        assertEquals(victim, v.failedEvent(), v.describe());
        assertEquals(edited.replaceFirst("^(  |, )", ""), v.event());
        assertTrue(v.describe().startsWith("trace INVALID at event " + victim + " of " + events), v.describe());
    }

    @Test
    void tornLastLineIsCutAndReported() throws Exception {
        Path dir = copyRun("torn");
        Path f = dir.resolve("node-0.trace");
        Files.writeString(f, Files.readString(f) + "999 17 0 AppendEnt"); // killed mid-line
        TraceMerger.Result r = TraceMerger.merge(TraceMerger.inputs(List.of(dir)), dir.resolve("TraceLog.tla"));
        assertEquals(TraceMerger.merge(nodes(), dir.resolve("whole.tla")).events(), r.events());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().get(0).contains("node-0.trace: cut a torn last line"), r.notes().get(0));
    }

    /** The sender's file ends before the send a receive names: refused, naming the receive's file and line. */
    @Test
    void receiveOfMissingSendIsRejected() throws Exception {
        Path dir = copyRun("missing");
        // The first receive from node 0 in node 1's trace, and node 0's trace cut just before that send.
        List<String> receiver = Files.readAllLines(dir.resolve("node-1.trace"));
        int at = firstReceive(receiver, 0, 0, m -> true);
        long sentAt = TraceLines.parse(receiver.get(at)).senderSeq();
        List<String> cut = Files.readAllLines(dir.resolve("node-0.trace")).stream()
                .filter(l -> l.startsWith("#") || TraceLines.parse(l).seq() < sentAt).toList();
        Files.write(dir.resolve("node-0.trace"), cut);
        InputError e = mergeFails(dir);
        assertTrue(e.getMessage().contains("node-1.trace:" + (at + 1) + ": event "), e.getMessage());
        assertTrue(e.getMessage().contains("sent at its event " + sentAt + ", which is missing"), e.getMessage());
    }

    /**
     * A reply (sent inside its handler's step, so named by whatever event was latest) that names
     * a send after a send of the receiver's own that the other node received first: a cycle.
     */
    @Test
    void receiveNamingALaterSendIsRejectedAsCycle() throws Exception {
        Path dir = copyRun("cycle");
        List<String> one = Files.readAllLines(dir.resolve("node-1.trace"));
        List<String> zero = Files.readAllLines(dir.resolve("node-0.trace"));
        int at = firstReceive(one, 0, 0, m -> !TraceMerger.sentByOwnEvent(m));
        // An event of node 0 that received something node 1 sent at or after `at`.
        int zeroAt = firstReceive(zero, 1, TraceLines.parse(one.get(at)).seq(), m -> true);
        long later = TraceLines.parse(zero.get(zeroAt)).seq();
        String line = one.get(at);
        one.set(at, line.substring(0, line.lastIndexOf(' ') + 1) + "0:" + later);
        Files.write(dir.resolve("node-1.trace"), one);
        InputError e = mergeFails(dir);
        assertTrue(e.getMessage().contains("cannot come before it"), e.getMessage());
    }

    /**
     * The first message node 1 receives from node 0 that node 0 sent by an event of its own,
     * named as sent by node 0's Restart: refused.
     */
    @Test
    void receiveNamedBeforeItsSendIsRejected() throws Exception {
        Path dir = copyRun("early");
        List<String> one = Files.readAllLines(dir.resolve("node-1.trace"));
        int at = firstReceive(one, 0, 0, TraceMerger::sentByOwnEvent);
        String line = one.get(at);
        one.set(at, line.substring(0, line.lastIndexOf(' ') + 1) + "0:1"); // node 0's first event: its Restart
        Files.write(dir.resolve("node-1.trace"), one);
        InputError e = mergeFails(dir);
        assertTrue(e.getMessage().contains("node-1.trace:" + (at + 1) + ": event "), e.getMessage());
        assertTrue(e.getMessage().contains("named as sent by its event 1, but"), e.getMessage());
        assertTrue(e.getMessage().endsWith("sends no such message up to there"), e.getMessage());
    }

    @Test
    void gapAndMalformedLineAreRejectedWithFileAndLine() throws Exception {
        Path dir = copyRun("gap");
        List<String> two = Files.readAllLines(dir.resolve("node-2.trace"));
        two.remove(10);
        Files.write(dir.resolve("node-2.trace"), two);
        InputError gap = mergeFails(dir);
        assertTrue(gap.getMessage().contains("node-2.trace:11: event 11 where 10 was expected"), gap.getMessage());

        two.set(10, two.get(10).replace(" Follower ", " Folower x "));
        Files.write(dir.resolve("node-2.trace"), two);
        InputError bad = mergeFails(dir);
        assertTrue(bad.getMessage().contains("node-2.trace:11: expected 13 space-separated fields"), bad.getMessage());
    }

    private static Path copyRun(String name) throws IOException {
        Path dir = Files.createDirectories(WORK.resolve(name));
        Files.deleteIfExists(dir.resolve("TraceLog.tla")); // an earlier run's
        for (Path f : nodes()) {
            Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /** The index in lines of the first event receiving a kind of message node from sent at or after event sentFrom. */
    private static int firstReceive(List<String> lines, int from, long sentFrom,
                                    java.util.function.Predicate<raft.core.Message> kind) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("#")) {
                TraceLines.Line l = TraceLines.parse(lines.get(i));
                if (l.receives() && l.event().message().from() == from && l.senderSeq() >= sentFrom
                        && kind.test(l.event().message())) {
                    return i;
                }
            }
        }
        throw new AssertionError("no receive of a message node " + from + " sent at or after its event " + sentFrom);
    }

    /** The merge is refused and writes no TraceLog. */
    private static InputError mergeFails(Path dir) {
        InputError e = assertThrows(InputError.class,
                () -> TraceMerger.merge(TraceMerger.inputs(List.of(dir)), dir.resolve("TraceLog.tla")));
        assertFalse(Files.exists(dir.resolve("TraceLog.tla")), "a refused merge wrote " + dir.resolve("TraceLog.tla"));
        return e;
    }
}
