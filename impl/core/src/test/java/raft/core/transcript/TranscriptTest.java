package raft.core.transcript;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Transcript tests of the core: each file in src/test/resources/transcripts is a list of
 * commands, each followed by the output it must produce, indented by two spaces. Lines
 * starting with # and blank lines are notes for the reader. See README.md there for the
 * commands. After a deliberate change of behaviour, -Dtranscripts.rewrite=true writes the
 * actual output into the files (review the diff before committing it).
 */
class TranscriptTest {
    static final Path DIR = Path.of(System.getProperty("transcripts.dir", "src/test/resources/transcripts"));
    static final boolean REWRITE = Boolean.getBoolean("transcripts.rewrite");
    static final String INDENT = "  ";

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "expected at least 10 transcripts in " + DIR + ", found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        String actual = run(file.getFileName().toString(), expected);
        if (REWRITE) {
            if (!actual.equals(expected)) {
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            return;
        }
        if (!actual.equals(expected)) {
            fail(firstDifference(file, expected, actual) + "\n(after a deliberate change: -Dtranscripts.rewrite=true)");
        }
    }

    /** Runs the commands of text and returns the text with each command's output in place of the old one. */
    static String run(String name, String text) {
        StringBuilder b = new StringBuilder();
        TranscriptCluster cluster = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(INDENT)) {
                continue;   // old output, replaced by the actual one
            }
            b.append(line).append(i < lines.length - 1 ? "\n" : "");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> output;
            try {
                if (line.startsWith("cluster ")) {
                    cluster = cluster(line);
                    output = List.of();
                } else if (cluster == null) {
                    throw new IllegalArgumentException("the first command must be 'cluster N election=T,T,... heartbeat=T'");
                } else {
                    command(cluster, line.trim());
                    output = cluster.takeOutput();
                }
            } catch (RuntimeException e) {
                throw new AssertionError(name + ":" + (i + 1) + ": " + line + ": " + e.getMessage(), e);
            }
            for (String o : output) {
                b.append(INDENT).append(o).append("\n");
            }
        }
        return b.toString();
    }

    private static TranscriptCluster cluster(String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length != 4 || !w[2].startsWith("election=") || !w[3].startsWith("heartbeat=")) {
            throw new IllegalArgumentException("expected 'cluster N election=T,T,... heartbeat=T'");
        }
        int n = Integer.parseInt(w[1]);
        List<Integer> election = Arrays.stream(w[2].substring(9).split(",")).map(Integer::parseInt).toList();
        if (election.size() != n) {
            throw new IllegalArgumentException("election= needs one timeout per node (" + n + "), got " + election.size());
        }
        return new TranscriptCluster(election, Integer.parseInt(w[3].substring(10)));
    }

    private static void command(TranscriptCluster c, String line) {
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "tick" -> c.tick(num(w, 1), w.length > 2 ? num(w, 2) : 1);
            case "ready" -> c.ready(num(w, 1));
            case "propose" -> c.propose(num(w, 1), word(w, 2));
            case "change" -> c.change(num(w, 1), change(w));
            case "snapshot" -> c.snapshot(num(w, 1), num(w, 2), word(w, 3));
            case "flush" -> c.flush(num(w, 1));
            case "restart" -> c.restart(num(w, 1));
            case "stabilize" -> c.stabilize();
            case "status" -> c.status();
            case "deliver", "drop" -> {
                if (w.length > 2) {
                    if (w[0].equals("drop")) {
                        throw new IllegalArgumentException("drop takes FROM->TO only (messages in flight)");
                    }
                    c.deliver(MessageText.parse(line.substring("deliver".length())));
                } else {
                    int[] ends = w.length == 2 ? route(w[1]) : new int[] {-1, -1};
                    c.deliverInFlight(ends[0], ends[1], w[0].equals("drop"));
                }
            }
            default -> throw new IllegalArgumentException("unknown command '" + w[0] + "' (expected tick, ready, "
                    + "propose, snapshot, flush, restart, deliver, drop, stabilize or status)");
        }
    }

    /** FROM->TO where either end may be * (any node). */
    private static int[] route(String s) {
        String[] p = s.split("->");
        if (p.length != 2) {
            throw new IllegalArgumentException("expected FROM->TO (either may be *), got '" + s + "'");
        }
        return new int[] {p[0].equals("*") ? -1 : Integer.parseInt(p[0]), p[1].equals("*") ? -1 : Integer.parseInt(p[1])};
    }

    private static int num(String[] w, int k) {
        try {
            return Integer.parseInt(word(w, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + k + " must be a number, got '" + w[k] + "'");
        }
    }

    /** change N add ID [learner] | promote ID | remove ID */
    private static raft.core.MembershipChange change(String[] w) {
        int target = num(w, 3);
        return switch (word(w, 2)) {
            case "add" -> new raft.core.MembershipChange.Add(new raft.core.Member(target, ""),
                    w.length > 4 && w[4].equals("learner"));
            case "promote" -> new raft.core.MembershipChange.Promote(target);
            case "remove" -> new raft.core.MembershipChange.Remove(target);
            default -> throw new IllegalArgumentException("change: expected add, promote or remove, got '" + w[2] + "'");
        };
    }

    private static String word(String[] w, int k) {
        if (k >= w.length) {
            throw new IllegalArgumentException("missing argument " + k);
        }
        return w[k];
    }

    private static String firstDifference(Path file, String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of output>";
            if (!el.equals(al)) {
                List<String> context = new ArrayList<>();
                for (int k = Math.max(0, i - 3); k < Math.min(a.length, i + 4); k++) {
                    context.add((k == i ? "> " : "  ") + a[k]);
                }
                return file + ":" + (i + 1) + ": expected\n  " + el + "\nbut got\n  " + al + "\nactual around it:\n"
                        + String.join("\n", context);
            }
        }
        return file + ": differs";
    }

    /** The runner itself: a wrong expectation fails, naming the file and line. */
    @org.junit.jupiter.api.Test
    void wrongExpectationIsReported() {
        String text = "cluster 1 election=2 heartbeat=1\ntick 0 2\n  0 is Follower term=0 vote=-1\n";
        String actual = run("t.txt", text);
        assertEquals("cluster 1 election=2 heartbeat=1\ntick 0 2\n  0 is Leader term=1 vote=0\n", actual);
        String message = firstDifference(Path.of("t.txt"), text, actual);
        assertTrue(message.startsWith("t.txt:3: expected\n    0 is Follower"), message);
        AssertionError bad = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> run("t.txt", "cluster 1 election=2 heartbeat=1\nhop 0\n"));
        assertTrue(bad.getMessage().startsWith("t.txt:2: hop 0: unknown command 'hop'"), bad.getMessage());
    }
}
