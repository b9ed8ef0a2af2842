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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names that tie the core to the spec: every {@link SpecAction} the core traces must be
 * an action defined in one of the spec modules (Raft, RaftLeadership, RaftMembership and the trace
 * modules), RaftTrace.tla's event dispatch (TakeEvent) must handle exactly these names,
 * RaftMembershipTrace.tla's some of them (the membership changes at least), and a case for event X
 * must call X, RaftLeadership's wrapper LX, RaftMembership's MX, or the trace module's TraceX, each of
 * them defined. A rename on one side only fails here, with the names that differ.
 */
class SpecNamesTest {
    static final Path SPEC_DIR = TraceValidationTest.SPEC_DIR;

    /** Trace events checked by an operator of another name. */
    static final Map<SpecAction, String> CHECKED_AS = Map.of(
            SpecAction.DropStaleReply, "LDropStaleOn");

    /** Operators defined with parameters, `Name(...) ==`, at the start of a line. */
    static Set<String> definitions(String tla) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([A-Z]\\w*)\\([^)]*\\)\\s*==").matcher(tla);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String takeEvent(String traceTla) {
        int start = traceTla.indexOf("TakeEvent(e) ==");
        assertTrue(start >= 0, "RaftTrace.tla: no TakeEvent(e) definition");
        int end = traceTla.indexOf("\n\n", start);
        return traceTla.substring(start, end < 0 ? traceTla.length() : end);
    }

    /** TakeEvent's cases `a = "X" -> body`: each action name with the operator names its body uses. */
    static Map<String, Set<String>> cases(String traceTla) {
        Map<String, Set<String>> cases = new TreeMap<>();
        Matcher m = Pattern.compile("a\\s*=\\s*\"(\\w+)\"\\s*->([^\\n]*)").matcher(takeEvent(traceTla));
        while (m.find()) {
            Set<String> used = new TreeSet<>();
            Matcher w = Pattern.compile("\\b[A-Z]\\w*").matcher(m.group(2));
            while (w.find()) {
                used.add(w.group());
            }
            cases.put(m.group(1), used);
        }
        return cases;
    }

    /** The quoted action names TakeEvent compares e.action with. */
    static Set<String> dispatched(String traceTla) {
        return cases(traceTla).keySet();
    }

    /** The spec modules whose operators count as defined, and the trace modules among them. */
    static final List<String> MODULES = List.of("Raft.tla", "RaftLeadership.tla", "RaftMembership.tla",
            "TraceSteps.tla", "RaftTrace.tla", "RaftMembershipTrace.tla");
    /** RaftTrace dispatches every SpecAction; RaftMembershipTrace those of its profile, the changes among them. */
    static final Set<String> MEMBERSHIP = Set.of("AddLearner", "PromoteLearner", "RemoveServer", "StepDownRemoved");

    /** What is wrong with the names, one line each; empty when Java and TLA+ agree. text: module file -> its text. */
    static List<String> mismatches(Map<String, String> text) {
        Set<String> defined = new TreeSet<>();
        MODULES.forEach(f -> defined.addAll(definitions(text.get(f))));
        List<String> problems = new ArrayList<>();
        for (SpecAction a : SpecAction.values()) {
            if (!defined.contains(a.name())) {
                problems.add("SpecAction." + a + ": no action " + a + "(...) in " + String.join(", ", MODULES));
            }
        }
        Set<String> java = Arrays.stream(SpecAction.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        problems.addAll(dispatchProblems("RaftTrace.tla", cases(text.get("RaftTrace.tla")), java, java, defined));
        problems.addAll(dispatchProblems("RaftMembershipTrace.tla", cases(text.get("RaftMembershipTrace.tla")),
                MEMBERSHIP, java, defined));
        return problems;
    }

    /** One trace module's TakeEvent: it handles every name of required, only SpecActions, each by its action. */
    private static List<String> dispatchProblems(String module, Map<String, Set<String>> tla, Set<String> required,
                                                 Set<String> java, Set<String> defined) {
        List<String> problems = new ArrayList<>();
        for (String n : required) {
            if (!tla.containsKey(n)) {
                problems.add("SpecAction." + n + ": " + module + "'s TakeEvent has no case for \"" + n + "\"");
            }
        }
        for (String n : tla.keySet()) {
            if (!java.contains(n)) {
                problems.add(module + "'s TakeEvent handles \"" + n + "\", which is no SpecAction");
                continue;
            }
            // The action itself, or RaftLeadership's, RaftMembership's or the trace module's wrapper of it.
            Set<String> allowed = new TreeSet<>(Set.of(n, "L" + n, "M" + n, "Trace" + n));
            SpecAction a = SpecAction.valueOf(n);
            if (CHECKED_AS.containsKey(a)) {
                allowed.add(CHECKED_AS.get(a));
            }
            Set<String> used = new TreeSet<>(tla.get(n));
            used.retainAll(allowed);
            Set<String> undefined = new TreeSet<>(used);
            undefined.removeAll(defined);
            if (used.isEmpty() || !undefined.isEmpty()) {
                problems.add(module + "'s TakeEvent case for \"" + n + "\" calls no defined one of " + allowed
                        + (undefined.isEmpty() ? "" : " (undefined: " + undefined + ")"));
            }
        }
        return problems;
    }

    private static String read(String file) throws IOException {
        return Files.readString(SPEC_DIR.resolve(file));
    }

    /** The modules as they are, with file replaced by text. */
    private static Map<String, String> with(String file, String text) throws IOException {
        Map<String, String> all = new TreeMap<>();
        for (String f : MODULES) {
            all.put(f, read(f));
        }
        if (file != null) {
            all.put(file, text);
        }
        return all;
    }

    private static List<String> mismatches() throws IOException {
        return mismatches(with(null, null));
    }

    private static final String ALL = String.join(", ", MODULES);

    @Test
    void everyTracedActionIsASpecAction() throws IOException {
        assertEquals(List.of(), mismatches());
    }

    @Test
    void parserSeesTheSpecActions() throws IOException {
        Set<String> defined = definitions(read("Raft.tla"));
        assertTrue(defined.containsAll(Set.of("Timeout", "HandleAppendEntriesReply", "Restart")), defined.toString());
        assertTrue(definitions(read("RaftLeadership.tla")).containsAll(Set.of("LHandleInstallSnapshotRequest",
                "TransferLeadership", "HandlePreVoteRequest")));
        Map<String, Set<String>> cases = cases(read("RaftTrace.tla"));
        assertEquals(SpecAction.values().length, cases.size(), cases.keySet().toString());
        assertTrue(cases.get("HandleAppendEntriesRequest").contains("LHandleAppendEntriesRequest"), cases.toString());
    }

    @Test
    void renameOnTheSpecSideIsCaught() throws IOException {
        String raft = read("Raft.tla").replace("\nBecomeLeader(", "\nBecomeLeaderNow(");
        assertEquals(List.of("SpecAction.BecomeLeader: no action BecomeLeader(...) in " + ALL,
                        "RaftMembershipTrace.tla's TakeEvent case for \"BecomeLeader\" calls no defined one of "
                        + "[BecomeLeader, LBecomeLeader, MBecomeLeader, TraceBecomeLeader] (undefined: [BecomeLeader])"),
                mismatches(with("Raft.tla", raft)));
        // A leadership action, and a wrapper the dispatch calls.
        String leadership = read("RaftLeadership.tla").replace("\nStepDown(", "\nStepDownNow(")
                .replace("\nLHandleAppendEntriesReply(", "\nLHandleAppendEntriesAnswer(");
        assertEquals(List.of("SpecAction.StepDown: no action StepDown(...) in " + ALL,
                "RaftTrace.tla's TakeEvent case for \"HandleAppendEntriesReply\" calls no defined one of "
                        + "[HandleAppendEntriesReply, LHandleAppendEntriesReply, MHandleAppendEntriesReply, "
                        + "TraceHandleAppendEntriesReply]"
                        + " (undefined: [LHandleAppendEntriesReply])",
                "RaftTrace.tla's TakeEvent case for \"StepDown\" calls no defined one of "
                        + "[LStepDown, MStepDown, StepDown, TraceStepDown] (undefined: [StepDown])"),
                mismatches(with("RaftLeadership.tla", leadership)));
    }

    @Test
    void renameInTheTraceDispatchIsCaught() throws IOException {
        String trace = read("RaftTrace.tla").replace("a = \"ClientRequest\"", "a = \"ClientRequested\"");
        assertEquals(List.of("SpecAction.ClientRequest: RaftTrace.tla's TakeEvent has no case for \"ClientRequest\"",
                "RaftTrace.tla's TakeEvent handles \"ClientRequested\", which is no SpecAction"),
                mismatches(with("RaftTrace.tla", trace)));
        // A case that checks the event against some other action.
        trace = read("RaftTrace.tla").replace("a = \"CheckQuorum\" -> CheckQuorum(i)", "a = \"CheckQuorum\" -> StepDown(i)");
        assertEquals(List.of("RaftTrace.tla's TakeEvent case for \"CheckQuorum\" calls no defined one of "
                        + "[CheckQuorum, LCheckQuorum, MCheckQuorum, TraceCheckQuorum]"),
                mismatches(with("RaftTrace.tla", trace)));
    }

    @Test
    void theMembershipTraceModuleIsCheckedToo() throws IOException {
        String trace = read("RaftMembershipTrace.tla").replace("a = \"RemoveServer\"", "a = \"RemoveMember\"")
                .replace("-> StepDownRemoved(i)", "-> StepDown(i)");
        assertEquals(List.of("SpecAction.RemoveServer: RaftMembershipTrace.tla's TakeEvent has no case for "
                        + "\"RemoveServer\"",
                "RaftMembershipTrace.tla's TakeEvent handles \"RemoveMember\", which is no SpecAction",
                "RaftMembershipTrace.tla's TakeEvent case for \"StepDownRemoved\" calls no defined one of "
                        + "[LStepDownRemoved, MStepDownRemoved, StepDownRemoved, TraceStepDownRemoved]"),
                mismatches(with("RaftMembershipTrace.tla", trace)));
    }
}
