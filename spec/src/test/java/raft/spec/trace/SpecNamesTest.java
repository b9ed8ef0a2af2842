package raft.spec.trace;

import org.junit.jupiter.api.Test;
import raft.core.SpecAction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names that tie the core to the spec: every {@link SpecAction} the core traces must be
 * an action defined in Raft.tla or RaftTrace.tla, and RaftTrace.tla's event dispatch
 * (TakeEvent) must handle exactly these names. A rename on one side only fails here, with
 * the names that differ.
 */
class SpecNamesTest {
    static final Path SPEC_DIR = TraceValidationTest.SPEC_DIR;

    /**
     * Trace events without an action of their own in Raft.tla, and the operator TakeEvent
     * checks them with (null: the spec takes no step). The spec models a snapshot transfer
     * as an AppendEntries carrying the whole prefix.
     */
    static final Map<SpecAction, String> CHECKED_AS = Map.of(
            SpecAction.InstallSnapshot, "TraceInstallSnapshot",
            SpecAction.HandleInstallSnapshotRequest, "HandleAppendEntriesRequest",
            SpecAction.HandleInstallSnapshotResponse, "HandleAppendEntriesResponse");
    static final Set<SpecAction> NO_SPEC_STEP = Set.of(SpecAction.Snapshot);

    /** Operators defined with parameters, `Name(...) ==`, at the start of a line. */
    static Set<String> definitions(String tla) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([A-Z]\\w*)\\([^)]*\\)\\s*==").matcher(tla);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The quoted action names TakeEvent compares e.action with (`a = "X"` and `a \in {"X", ...}`). */
    static Set<String> dispatched(String traceTla) {
        int start = traceTla.indexOf("TakeEvent(e) ==");
        assertTrue(start >= 0, "RaftTrace.tla: no TakeEvent(e) definition");
        int end = traceTla.indexOf("\n\n", start);
        String body = traceTla.substring(start, end < 0 ? traceTla.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("a\\s*(?:=\\s*\"(\\w+)\"|\\\\in\\s*\\{([^}]*)})").matcher(body);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            } else {
                Matcher q = Pattern.compile("\"(\\w+)\"").matcher(m.group(2));
                while (q.find()) {
                    names.add(q.group(1));
                }
            }
        }
        return names;
    }

    /** What is wrong with the names, one line each; empty when Java and TLA+ agree. */
    static List<String> mismatches(String raftTla, String traceTla) {
        Set<String> defined = new TreeSet<>(definitions(raftTla));
        defined.addAll(definitions(traceTla));
        List<String> problems = new ArrayList<>();
        for (SpecAction a : SpecAction.values()) {
            String operator = CHECKED_AS.getOrDefault(a, a.name());
            if (!NO_SPEC_STEP.contains(a) && !defined.contains(operator)) {
                problems.add("SpecAction." + a + ": no action " + operator + "(...) in Raft.tla or RaftTrace.tla");
            }
        }
        Set<String> java = Arrays.stream(SpecAction.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> tla = dispatched(traceTla);
        for (String n : java) {
            if (!tla.contains(n)) {
                problems.add("SpecAction." + n + ": RaftTrace.tla's TakeEvent has no case for \"" + n + "\"");
            }
        }
        for (String n : tla) {
            if (!java.contains(n)) {
                problems.add("RaftTrace.tla's TakeEvent handles \"" + n + "\", which is no SpecAction");
            }
        }
        return problems;
    }

    private static String read(String file) throws IOException {
        return Files.readString(SPEC_DIR.resolve(file));
    }

    @Test
    void everyTracedActionIsASpecAction() throws IOException {
        assertEquals(List.of(), mismatches(read("Raft.tla"), read("RaftTrace.tla")));
    }

    @Test
    void parserSeesTheSpecActions() throws IOException {
        Set<String> defined = definitions(read("Raft.tla"));
        assertTrue(defined.containsAll(Set.of("Timeout", "HandleAppendEntriesResponse", "Restart")), defined.toString());
        assertTrue(dispatched(read("RaftTrace.tla")).contains("HandleInstallSnapshotRequest"));
    }

    @Test
    void renameOnTheSpecSideIsCaught() throws IOException {
        String raft = read("Raft.tla").replace("\nBecomeLeader(", "\nBecomeLeaderNow(");
        assertEquals(List.of("SpecAction.BecomeLeader: no action BecomeLeader(...) in Raft.tla or RaftTrace.tla"),
                mismatches(raft, read("RaftTrace.tla")));
        // A handler both a Java message and the snapshot stand-in map to: both are reported.
        raft = read("Raft.tla").replace("HandleAppendEntriesResponse(", "HandleAppendEntriesReply(");
        assertEquals(2, mismatches(raft, read("RaftTrace.tla")).size());
    }

    @Test
    void renameInTheTraceDispatchIsCaught() throws IOException {
        String trace = read("RaftTrace.tla").replace("a = \"ClientRequest\"", "a = \"ClientRequested\"");
        assertEquals(List.of("SpecAction.ClientRequest: RaftTrace.tla's TakeEvent has no case for \"ClientRequest\"",
                "RaftTrace.tla's TakeEvent handles \"ClientRequested\", which is no SpecAction"),
                mismatches(read("Raft.tla"), trace));
    }
}
