package raft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.codec.MessageCodec;
import raft.codec.TraceLines;
import raft.core.Entry;
import raft.core.Message;
import raft.core.SpecAction;
import raft.core.TraceEvent;

/**
 * server --trace: events appended one line each, continued across restarts (a torn last line
 * of a killed process cut first), and the frames that carry the sender's event id to the
 * receiver's event.
 */
class TraceFileTest {
    static final TraceLines.Header NODE_1 = new TraceLines.Header(1, 3, true);

    @TempDir
    Path dir;

    private static TraceEvent tick(int node) {
        return new TraceEvent(SpecAction.CheckQuorum, node, null, 2, "Leader", node, 3, 0, 0, List.of(1L, 2L, 2L));
    }

    private static List<String> events(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void restartContinuesTheSequenceAfterCuttingATornLine() throws Exception {
        Path f = dir.resolve("t.trace");
        try (TraceFile t = TraceFile.open(f, NODE_1, () -> 7)) {
            t.event(tick(1));
            t.event(tick(1));
            assertEquals(2, t.lastSeq());
        }
        Files.writeString(f, "3 7 1 CheckQu", StandardOpenOption.APPEND); // kill -9 mid-write
        TraceFile again = TraceFile.open(f, NODE_1, () -> 8);
        assertEquals(2, again.lastSeq());
        again.event(tick(1));
        again.close();
        again.event(tick(1)); // after close (a step racing shutdown): dropped, no error
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.stream().filter(l -> l.startsWith(TraceLines.HEADER)).count(), lines.toString());
        List<String> events = events(f);
        assertEquals(3, events.size(), lines.toString());
        for (int k = 0; k < 3; k++) {
            TraceLines.Line l = TraceLines.parse(events.get(k));
            assertEquals(k + 1, l.seq());
            assertEquals(tick(1), l.event());
        }
    }

    @Test
    void aDirectoryGetsOneFilePerNode() throws Exception {
        try (TraceFile t = TraceFile.open(dir, NODE_1, () -> 0)) {
            assertEquals(dir.resolve("node-1.trace"), t.path());
        }
    }

    @Test
    void anotherNodesFileIsRefusedWithItsName() throws Exception {
        Path f = dir.resolve("t.trace");
        TraceFile.open(f, NODE_1, () -> 0).close();
        IOException e = assertThrows(IOException.class,
                () -> TraceFile.open(f, new TraceLines.Header(2, 3, true), () -> 0));
        assertTrue(e.getMessage().startsWith(f + ":1: written by " + NODE_1.line()), e.getMessage());
    }

    /** A frame carries the sender's latest event; the receiver's event for that message names it. */
    @Test
    void receiveNamesTheSendersEventFromTheFrame() throws Exception {
        try (TraceFile sender = TraceFile.open(dir.resolve("0.trace"), new TraceLines.Header(0, 3, true), () -> 0);
             TraceFile receiver = TraceFile.open(dir.resolve("1.trace"), NODE_1, () -> 0)) {
            Message ae = new Message.AppendEntries(0, 1, 2, 0, 0, List.of(new Entry(1, 2, new byte[] {9, 9})), 0);
            sender.event(tick(0));
            sender.event(new TraceEvent(SpecAction.AppendEntries, 0, ae, 2, "Leader", 0, 0, 0, 0, List.of(2L)));
            byte[] frame = new TracedWire(sender).encode(ae);
            Message got = new TracedWire(receiver).decode(frame);
            assertEquals(ae.toString().replaceAll("\\[B@\\w+", ""), got.toString().replaceAll("\\[B@\\w+", ""));
            receiver.event(new TraceEvent(SpecAction.HandleAppendEntriesRequest, 1, got, 2, "Follower", -1, 0, 0, 0,
                    List.of(2L)));
            // A frame of an untraced peer still decodes; its receive has no sender id.
            Message plain = new TracedWire(receiver).decode(MessageCodec.encode(ae));
            receiver.event(new TraceEvent(SpecAction.HandleAppendEntriesRequest, 1, plain, 2, "Follower", -1, 0, 0,
                    0, List.of(2L)));
        }
        List<String> lines = events(dir.resolve("1.trace"));
        assertTrue(lines.get(0).endsWith(" 0:2"), lines.get(0));
        assertEquals(2, TraceLines.parse(lines.get(0)).senderSeq());
        assertTrue(lines.get(1).endsWith(" ?"), lines.get(1));
        assertEquals(0, TraceLines.parse(lines.get(1)).senderSeq());
        // The command bytes stay out of the trace; the entry's term is what the spec reads.
        Message traced = TraceLines.parse(lines.get(0)).event().message();
        assertEquals(0, ((Message.AppendEntries) traced).entries().get(0).command().length);
        assertNull(TraceLines.parse(events(dir.resolve("0.trace")).get(0)).event().message());
    }
}
