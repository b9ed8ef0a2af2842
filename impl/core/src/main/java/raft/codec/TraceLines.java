package raft.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import raft.core.Entry;
import raft.core.Message;
import raft.core.SpecAction;
import raft.core.TraceEvent;

/**
 * The line format of one server's trace file (`server --trace`): one event a line, so a
 * process killed mid-write leaves at most a torn last line, and a restarted process appends.
 * Written by the server, read by the merger (raft.spec.trace.TraceMerger); one class so the
 * two cannot drift apart.
 * <pre>
 * # raft-trace 1 node=0 servers=3 sticky=true          (at every start of the process)
 * 17 1732971234567 0 HandleAppendEntriesRequest 3 Follower 1 12 10 2 3*2 BAMB... 1:40
 * </pre>
 * Fields: sequence number (1, 2, ... per node, across restarts), wall-clock millis (only to
 * order concurrent events readably), node, action, term, role, votedFor, commitIndex,
 * snapshotIndex, snapshotTerm, the terms of the log after the snapshot (runs as TERM*COUNT,
 * comma-separated; - when empty), the message (MessageCodec bytes in base64 without the
 * commands and snapshot data, which the spec does not look at; - when none), and for a
 * received message the sender's event id NODE:SEQ (- otherwise; ? when the frame had none).
 */
public final class TraceLines {
    public static final String HEADER = "# raft-trace 1 ";
    private static final int FIELDS = 13;
    private static final byte[] NO_BYTES = new byte[0];

    private TraceLines() {}

    /** What every start of a server writes first: the node and what the validator needs of the cluster. */
    public record Header(int node, int servers, boolean sticky) {
        public String line() {
            return HEADER + "node=" + node + " servers=" + servers + " sticky=" + sticky;
        }
    }

    /**
     * One parsed line. sender is the id of the sender's event that the received message names
     * (senderSeq -1 when the event received nothing, 0 when the message came without an id).
     */
    public record Line(long seq, long millis, TraceEvent event, long senderSeq) {
        public boolean receives() {
            return isReceive(event);
        }
    }

    /** Whether the event consumed a message from another node (its message was addressed to it). */
    public static boolean isReceive(TraceEvent e) {
        Message m = e.message();
        return m != null && m.to() == e.node() && m.from() != e.node();
    }

    public static String format(long seq, long millis, TraceEvent e, long senderSeq) {
        StringBuilder b = new StringBuilder(96);
        b.append(seq).append(' ').append(millis).append(' ').append(e.node()).append(' ').append(e.action().name())
                .append(' ').append(e.currentTerm()).append(' ').append(e.role()).append(' ').append(e.votedFor())
                .append(' ').append(e.commitIndex()).append(' ').append(e.snapshotIndex()).append(' ')
                .append(e.snapshotTerm()).append(' ');
        terms(b, e.logTerms());
        b.append(' ').append(e.message() == null ? "-"
                : Base64.getEncoder().withoutPadding().encodeToString(MessageCodec.encode(stripped(e.message()))));
        b.append(' ').append(!isReceive(e) ? "-" : senderSeq > 0 ? e.message().from() + ":" + senderSeq : "?");
        return b.toString();
    }

    public static Header parseHeader(String line) {
        if (!line.startsWith(HEADER)) {
            throw new IllegalArgumentException("expected a header '" + HEADER + "node=N servers=N sticky=B'");
        }
        String[] kv = line.substring(HEADER.length()).trim().split(" ");
        if (kv.length != 3 || !kv[0].startsWith("node=") || !kv[1].startsWith("servers=")
                || !kv[2].startsWith("sticky=")) {
            throw new IllegalArgumentException("expected 'node=N servers=N sticky=B' after '" + HEADER.trim() + "'");
        }
        String sticky = kv[2].substring(7);
        if (!sticky.equals("true") && !sticky.equals("false")) {
            throw new IllegalArgumentException("sticky: expected true or false, got '" + sticky + "'");
        }
        return new Header(integer(kv[0].substring(5), "node"), integer(kv[1].substring(8), "servers"),
                sticky.equals("true"));
    }

    /** Throws IllegalArgumentException naming the field that is wrong. */
    public static Line parse(String line) {
        String[] f = line.split(" ");
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("expected " + FIELDS + " space-separated fields, got " + f.length);
        }
        SpecAction action;
        try {
            action = SpecAction.valueOf(f[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown action '" + f[3] + "'");
        }
        Message m = null;
        if (!f[11].equals("-")) {
            try {
                m = MessageCodec.decode(Base64.getDecoder().decode(f[11]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("message: " + e.getMessage());
            }
        }
        TraceEvent e = new TraceEvent(action, integer(f[2], "node"), m, number(f[4], "term"), f[5],
                integer(f[6], "votedFor"), number(f[7], "commitIndex"), number(f[8], "snapshotIndex"),
                number(f[9], "snapshotTerm"), parseTerms(f[10]));
        long sender = -1;
        if (isReceive(e)) {
            if (f[12].equals("?")) {
                sender = 0;
            } else {
                String want = m.from() + ":";
                if (!f[12].startsWith(want)) {
                    throw new IllegalArgumentException("sender '" + f[12] + "': expected " + want + "SEQ");
                }
                sender = number(f[12].substring(want.length()), "sender's sequence number");
            }
        } else if (!f[12].equals("-")) {
            throw new IllegalArgumentException("sender '" + f[12] + "' on an event that receives nothing");
        }
        return new Line(number(f[0], "sequence number"), number(f[1], "millis"), e, sender);
    }

    /** The message without the bytes the spec never reads (commands, snapshot data): a trace stays small. */
    static Message stripped(Message m) {
        if (m instanceof Message.AppendEntries a && !a.entries().isEmpty()) {
            List<Entry> es = new ArrayList<>(a.entries().size());
            for (Entry e : a.entries()) {
                es.add(new Entry(e.index(), e.term(), NO_BYTES));
            }
            return new Message.AppendEntries(a.from(), a.to(), a.term(), a.prevLogIndex(), a.prevLogTerm(), es,
                    a.leaderCommit());
        }
        if (m instanceof Message.InstallSnapshot s) {
            return new Message.InstallSnapshot(s.from(), s.to(), s.term(), s.lastIncludedIndex(),
                    s.lastIncludedTerm(), NO_BYTES);
        }
        return m;
    }

    private static void terms(StringBuilder b, List<Long> terms) {
        if (terms.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < terms.size(); ) {
            int j = i;
            while (j < terms.size() && terms.get(j).equals(terms.get(i))) {
                j++;
            }
            b.append(i == 0 ? "" : ",").append(terms.get(i)).append('*').append(j - i);
            i = j;
        }
    }

    private static List<Long> parseTerms(String s) {
        List<Long> out = new ArrayList<>();
        if (s.equals("-")) {
            return out;
        }
        for (String run : s.split(",")) {
            int star = run.indexOf('*');
            if (star < 0) {
                throw new IllegalArgumentException("log terms: expected TERM*COUNT, got '" + run + "'");
            }
            long term = number(run.substring(0, star), "log term");
            long count = number(run.substring(star + 1), "log run length");
            for (long k = 0; k < count; k++) {
                out.add(term);
            }
        }
        return out;
    }

    private static long number(String s, String field) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": expected an integer, got '" + s + "'");
        }
    }

    private static int integer(String s, String field) {
        long v = number(s, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + ": " + s + " is out of range");
        }
        return (int) v;
    }
}
