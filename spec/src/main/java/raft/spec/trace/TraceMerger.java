package raft.spec.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import raft.codec.MessageCodec;
import raft.codec.TraceLines;
import raft.command.InputError;
import raft.core.Message;

/**
 * Merges the per-server trace files of a real cluster (`server --trace`, raft.codec.TraceLines)
 * into one TraceLog module for RaftTrace.tla, in causal order: each node's events in their
 * own order, and every receive after the sender's event its message names. Among the events
 * that may come next, the earliest by wall clock goes first (only for readability: any
 * order that respects those edges is a behaviour of the spec if the run was one).
 *
 * Refused, with the file, line and what was expected: a malformed line (except a torn last
 * line, the mark of a kill -9, which is cut and reported), sequence numbers that do not go
 * 1, 2, 3, ..., files of different clusters, a receive without a sender's id, and a receive
 * that names a send missing from the sender's file or one that cannot come before it (a
 * cycle), and the receive of a message that the core sends by an event of its own
 * (AppendEntries, RequestVote, ...) when the sender sent no identical one by the named event.
 * Messages never received (dropped by a partition, say) are simply sends.
 */
public final class TraceMerger {
    /** An event and where it came from, for messages. */
    record Located(TraceLines.Line line, Path file, int lineNo) {
        String where() {
            return file + ":" + lineNo;
        }
    }

    /** One node's events in order; index k holds sequence number k + 1. */
    record NodeTrace(Path file, TraceLines.Header header, List<Located> events, boolean tornTail) {}

    private TraceMerger() {}

    /** The result: events written and what the merge noticed on the way. */
    public record Result(long events, List<String> notes) {}

    /** The files given, or every *.trace file of a directory given. */
    public static List<Path> inputs(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".trace")).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw InputError.unreadable(p + ": no such file or directory");
            }
        }
        if (out.isEmpty()) {
            throw InputError.unreadable(given + ": no *.trace files");
        }
        return out;
    }

    public static Result merge(List<Path> files, Path out) throws IOException {
        TreeMap<Integer, NodeTrace> nodes = new TreeMap<>();
        for (Path f : files) {
            NodeTrace t = read(f);
            NodeTrace other = nodes.put(t.header().node(), t);
            if (other != null) {
                throw InputError.malformed(f + ": node " + t.header().node() + " again (also " + other.file() + ")");
            }
        }
        TraceLines.Header first = nodes.firstEntry().getValue().header();
        for (NodeTrace t : nodes.values()) {
            if (t.header().servers() != first.servers() || t.header().sticky() != first.sticky()) {
                throw InputError.malformed(t.file() + ": " + t.header().line() + " does not match "
                        + nodes.firstEntry().getValue().file() + ": " + first.line());
            }
        }
        List<String> notes = new ArrayList<>();
        for (NodeTrace t : nodes.values()) {
            if (t.tornTail()) {
                notes.add(t.file() + ": cut a torn last line (the process was killed while writing it)");
            }
        }
        nodes = pinSends(nodes);
        // Ordered before anything is written: a refused merge leaves no TraceLog behind.
        List<Located> ordered = order(nodes);
        long written;
        try (TlaTraceWriter w = new TlaTraceWriter(out, first.servers())) {
            w.sticky(first.sticky());
            for (Located e : ordered) {
                w.event(e.line().event());
            }
            written = w.events();
        }
        return new Result(written, notes);
    }

    /**
     * Messages whose every send is an event of its own (the core traces AppendEntries,
     * InstallSnapshot, RequestVote, PreVote, TimeoutNow and ReadHeartbeat as it sends them;
     * replies and follower reads go out inside the handler's step).
     */
    static boolean sentByOwnEvent(Message m) {
        return m instanceof Message.AppendEntries || m instanceof Message.InstallSnapshot
                || m instanceof Message.RequestVote || m instanceof Message.PreVote
                || m instanceof Message.TimeoutNow || m instanceof Message.ReadHeartbeat;
    }

    /**
     * A frame names its sender's latest event when it was encoded, at or after the send. For
     * a message sent by an event of its own the receive is pinned to the latest such send of an
     * identical message at or before the named event, and refused when there is none: the
     * sender never sent it by then. (Among identical messages, the latest one is still no
     * later than the named event, so the edge stays one that really happened before.)
     */
    static TreeMap<Integer, NodeTrace> pinSends(TreeMap<Integer, NodeTrace> nodes) {
        TreeMap<Integer, Map<String, TreeSet<Long>>> sends = new TreeMap<>();
        for (NodeTrace t : nodes.values()) {
            Map<String, TreeSet<Long>> byMessage = new HashMap<>();
            for (Located e : t.events()) {
                Message m = e.line().event().message();
                if (m != null && m.from() == t.header().node() && sentByOwnEvent(m)) {
                    byMessage.computeIfAbsent(key(m), k -> new TreeSet<>()).add(e.line().seq());
                }
            }
            sends.put(t.header().node(), byMessage);
        }
        TreeMap<Integer, NodeTrace> out = new TreeMap<>();
        for (var n : nodes.entrySet()) {
            List<Located> pinned = new ArrayList<>();
            for (Located e : n.getValue().events()) {
                TraceLines.Line l = e.line();
                Message m = l.event().message();
                NodeTrace sender = l.receives() ? nodes.get(m.from()) : null;
                if (sender == null || l.senderSeq() < 1 || l.senderSeq() > sender.events().size()
                        || !sentByOwnEvent(m)) {
                    pinned.add(e); // nothing to pin; order() refuses what is missing
                    continue;
                }
                Long send = sends.get(m.from()).getOrDefault(key(m), new TreeSet<>()).floor(l.senderSeq());
                if (send == null) {
                    throw InputError.malformed(e.where() + ": event " + l.seq() + " of node " + n.getKey() + " ("
                            + l.event().action() + ") receives a " + m.getClass().getSimpleName() + " from node "
                            + m.from() + " named as sent by its event " + l.senderSeq() + ", but " + sender.file()
                            + " sends no such message up to there");
                }
                pinned.add(new Located(new TraceLines.Line(l.seq(), l.millis(), l.event(), send), e.file(),
                        e.lineNo()));
            }
            NodeTrace t = n.getValue();
            out.put(n.getKey(), new NodeTrace(t.file(), t.header(), pinned, t.tornTail()));
        }
        return out;
    }

    /** Messages as the trace holds them (no commands, no snapshot data) compare by their encoding. */
    private static String key(Message m) {
        return Base64.getEncoder().encodeToString(MessageCodec.encode(m));
    }

    /** The topological order: per-node order plus send -> receive edges. */
    static List<Located> order(TreeMap<Integer, NodeTrace> nodes) {
        TreeMap<Integer, Integer> next = new TreeMap<>(); // node -> index of its next event
        nodes.keySet().forEach(n -> next.put(n, 0));
        int total = nodes.values().stream().mapToInt(t -> t.events().size()).sum();
        List<Located> out = new ArrayList<>(total);
        while (out.size() < total) {
            Located pick = null;
            for (var n : next.entrySet()) {
                List<Located> es = nodes.get(n.getKey()).events();
                if (n.getValue() < es.size() && ready(es.get(n.getValue()), nodes, next)
                        && (pick == null || es.get(n.getValue()).line().millis() < pick.line().millis())) {
                    pick = es.get(n.getValue());
                }
            }
            if (pick == null) {
                throw InputError.malformed(stuck(nodes, next));
            }
            out.add(pick);
            next.merge(pick.line().event().node(), 1, Integer::sum);
        }
        return out;
    }

    private static boolean ready(Located e, TreeMap<Integer, NodeTrace> nodes, TreeMap<Integer, Integer> next) {
        if (!e.line().receives()) {
            return true;
        }
        Integer sent = next.get(e.line().event().message().from());
        return sent != null && e.line().senderSeq() <= sent;
    }

    /** Why no event can come next: the first blocked receive, named with its file and line. */
    private static String stuck(TreeMap<Integer, NodeTrace> nodes, TreeMap<Integer, Integer> next) {
        for (var n : next.entrySet()) {
            List<Located> es = nodes.get(n.getKey()).events();
            if (n.getValue() >= es.size()) {
                continue;
            }
            Located e = es.get(n.getValue());
            int from = e.line().event().message().from();
            long seq = e.line().senderSeq();
            String event = e.where() + ": event " + e.line().seq() + " of node " + n.getKey() + " ("
                    + e.line().event().action() + ") receives a message from node " + from;
            NodeTrace sender = nodes.get(from);
            if (seq == 0) {
                return event + " whose frame carried no event id (was every server started with --trace?)";
            }
            if (sender == null || seq > sender.events().size()) {
                return event + " sent at its event " + seq + ", which is missing: "
                        + (sender == null ? "no trace of node " + from
                        : sender.file() + " ends at event " + sender.events().size());
            }
        }
        Located e = nodes.get(next.firstKey()).events().get(0);
        for (var n : next.entrySet()) {
            if (n.getValue() < nodes.get(n.getKey()).events().size()) {
                e = nodes.get(n.getKey()).events().get(n.getValue());
                break;
            }
        }
        return e.where() + ": event " + e.line().seq() + " of node " + e.line().event().node() + " ("
                + e.line().event().action() + ") receives a message sent at event " + e.line().senderSeq()
                + " of node " + e.line().event().message().from()
                + ", which cannot come before it: the receives and sends form a cycle";
    }

    static NodeTrace read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean torn = !text.isEmpty() && !text.endsWith("\n");
        String[] lines = text.split("\n", -1);
        int count = lines.length - 1; // the piece after the last \n is empty, or a torn line
        TraceLines.Header header = null;
        List<Located> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    TraceLines.Header h = TraceLines.parseHeader(line);
                    if (header != null && !header.equals(h)) {
                        throw new IllegalArgumentException("header " + h.line() + " after " + header.line());
                    }
                    header = h;
                    continue;
                }
                if (header == null) {
                    throw new IllegalArgumentException("an event before the header '" + TraceLines.HEADER + "...'");
                }
                TraceLines.Line l = TraceLines.parse(line);
                if (l.event().node() != header.node()) {
                    throw new IllegalArgumentException("event of node " + l.event().node() + " in the trace of node "
                            + header.node());
                }
                if (l.seq() != events.size() + 1) {
                    throw new IllegalArgumentException("event " + l.seq() + " where " + (events.size() + 1)
                            + " was expected (sequence numbers go 1, 2, 3, ...)");
                }
                events.add(new Located(l, file, lineNo));
            } catch (IllegalArgumentException e) {
                throw InputError.malformed(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        if (header == null) {
            throw InputError.malformed(file + ": no header '" + TraceLines.HEADER + "...' (not a server trace)");
        }
        return new NodeTrace(file, header, events, torn);
    }
}
