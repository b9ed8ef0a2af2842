package raft.core.transcript;

import raft.core.Entry;
import raft.core.Message;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages as one line of text, the same when printed and when typed into a transcript:
 * {@code 2->1 AppendEntries term=1 prev=0/0 entries=[1:x,1:y] commit=0}. Entries are
 * term:command (a bare term means an empty command); index/term pairs are written i/t.
 */
final class MessageText {
    private MessageText() {}

    static String format(Message m) {
        String head = m.from() + "->" + m.to() + " " + m.getClass().getSimpleName() + " term=" + m.term();
        if (m instanceof RequestVote v) {
            return head + " last=" + v.lastLogIndex() + "/" + v.lastLogTerm();
        } else if (m instanceof RequestVoteReply r) {
            return head + " granted=" + r.voteGranted();
        } else if (m instanceof AppendEntries a) {
            return head + " prev=" + a.prevLogIndex() + "/" + a.prevLogTerm() + " entries=" + entries(a.entries())
                    + " commit=" + a.leaderCommit();
        } else if (m instanceof AppendEntriesReply r) {
            return head + (r.success() ? " success match=" + r.matchIndex()
                    : " reject conflict=" + r.conflictIndex() + "/" + r.conflictTerm());
        } else if (m instanceof InstallSnapshot s) {
            return head + " last=" + s.lastIncludedIndex() + "/" + s.lastIncludedTerm() + " data=" + text(s.data());
        } else {
            return head + " last=" + ((InstallSnapshotReply) m).lastIncludedIndex();
        }
    }

    static String entries(List<Entry> es) {
        List<String> out = new ArrayList<>();
        for (Entry e : es) {
            out.add(e.config() ? e.term() + ":" + conf(e.membership())
                    : e.command().length == 0 ? String.valueOf(e.term()) : e.term() + ":" + text(e.command()));
        }
        return "[" + String.join(",", out) + "]";
    }

    /** A configuration as conf{voters|learners}, ids only. */
    static String conf(raft.core.Membership m) {
        return "conf{" + ids(m.voters()) + "|" + ids(m.learners()) + "}";
    }

    private static String ids(List<raft.core.Member> ms) {
        return String.join(",", ms.stream().map(x -> String.valueOf(x.id())).toList());
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Parses what {@link #format} prints; the message says what was expected. */
    static Message parse(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length < 3 || !words[0].matches("\\d+->\\d+")) {
            throw new IllegalArgumentException("expected FROM->TO TYPE term=N ..., got '" + line + "'");
        }
        String[] ends = words[0].split("->");
        int from = Integer.parseInt(ends[0]);
        int to = Integer.parseInt(ends[1]);
        Map<String, String> kv = new HashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            kv.put(eq < 0 ? words[i] : words[i].substring(0, eq), eq < 0 ? "" : words[i].substring(eq + 1));
        }
        Fields f = new Fields(words[1], kv);
        long term = f.num("term");
        return switch (words[1]) {
            case "RequestVote" -> new RequestVote(from, to, term, f.pair("last")[0], f.pair("last")[1]);
            case "RequestVoteReply" -> new RequestVoteReply(from, to, term, Boolean.parseBoolean(f.get("granted")));
            case "AppendEntries" -> {
                long[] prev = f.pair("prev");
                yield new AppendEntries(from, to, term, prev[0], prev[1], parseEntries(prev[0], f.get("entries")),
                        f.num("commit"));
            }
            case "AppendEntriesReply" -> kv.containsKey("success")
                    ? new AppendEntriesReply(from, to, term, true, f.num("match"), 0, 0)
                    : new AppendEntriesReply(from, to, term, false, 0, f.pair("conflict")[1], f.pair("conflict")[0]);
            case "InstallSnapshot" -> new InstallSnapshot(from, to, term, f.pair("last")[0], f.pair("last")[1],
                    f.get("data").getBytes(StandardCharsets.UTF_8));
            case "InstallSnapshotReply" -> new InstallSnapshotReply(from, to, term, f.num("last"));
            default -> throw new IllegalArgumentException("unknown message type '" + words[1] + "' (expected "
                    + "RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, InstallSnapshot"
                    + " or InstallSnapshotReply)");
        };
    }

    private static List<Entry> parseEntries(long prev, String s) {
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("entries: expected [TERM:COMMAND,...], got '" + s + "'");
        }
        List<Entry> out = new ArrayList<>();
        String body = s.substring(1, s.length() - 1);
        long index = prev;
        for (String e : body.isEmpty() ? new String[0] : body.split(",")) {
            int colon = e.indexOf(':');
            long term = Long.parseLong(colon < 0 ? e : e.substring(0, colon));
            String cmd = colon < 0 ? "" : e.substring(colon + 1);
            out.add(new Entry(++index, term, cmd.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private record Fields(String type, Map<String, String> kv) {
        String get(String key) {
            String v = kv.get(key);
            if (v == null) {
                throw new IllegalArgumentException(type + ": missing " + key + "=...");
            }
            return v;
        }

        long num(String key) {
            try {
                return Long.parseLong(get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + ": " + key + " must be a number, got '" + kv.get(key) + "'");
            }
        }

        long[] pair(String key) {
            String[] p = get(key).split("/");
            if (p.length != 2) {
                throw new IllegalArgumentException(type + ": " + key + " must be INDEX/TERM, got '" + kv.get(key) + "'");
            }
            return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
        }
    }
}
