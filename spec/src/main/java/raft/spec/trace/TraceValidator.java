package raft.spec.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import raft.spec.tlc.Model;
import raft.spec.tlc.TlcResult;
import raft.spec.tlc.TlcRunner;
import raft.spec.tlc.TraceStep;

/**
 * Checks a TraceLog module against RaftLeadership.tla (Raft.tla plus pre-vote, check-quorum and
 * transfer) with RaftTrace.tla, or, when the trace names an initial configuration (TraceInitVoters),
 * against RaftMembership.tla with RaftMembershipTrace.tla: TLC, breadth-first,
 * one worker. Valid when TLC finishes without error one state deeper than the number of
 * events (every event taken); invalid when it deadlocks (the last state is the state before the first event the
 * spec does not allow) or when a state along the trace breaks one of Raft's invariants.
 */
public final class TraceValidator {
    /** The modules the two trace specs read, copied beside the trace. */
    static final List<String> SPEC_FILES = List.of("Raft.tla", "RaftLeadership.tla", "RaftMembership.tla",
            "TraceSteps.tla", "RaftTrace.tla", "RaftTrace.cfg", "RaftMembershipTrace.tla", "RaftMembershipTrace.cfg");

    private final Path specDir;
    private final Path workDir;
    private final Consumer<String> progress;

    public TraceValidator(Path specDir, Path workDir, Consumer<String> progress) {
        this.specDir = specDir;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * @param failedEvent 1-based index of the first event not allowed (0 when valid)
     * @param stateBefore every spec variable in the state just before that event
     */
    public record Verdict(boolean valid, long events, long failedEvent, String event, String reason,
                          Map<String, String> stateBefore, Duration time, TlcResult tlc) {
        public String describe() {
            StringBuilder out = new StringBuilder();
            if (valid) {
                out.append(String.format("trace valid: %,d events in %.1f s (%.0f ms per 1000 events)", events,
                        time.toMillis() / 1000.0, events == 0 ? 0.0 : time.toMillis() * 1000.0 / events));
            } else if (failedEvent > 0) {
                out.append(String.format("trace INVALID at event %d of %d: %s%n  event: %s%n  state before it:%n",
                        failedEvent, events, reason, event));
                stateBefore.forEach((var, value) -> out.append(String.format("    %s = %s%n", var, value)));
            } else {
                out.append("trace not checked: ").append(reason);
                tlc.errors().forEach(line -> out.append("\n  ").append(line));
            }
            return out.toString();
        }
    }

    public Verdict validate(Path trace, Duration budget) throws IOException, InterruptedException {
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : SPEC_FILES) {
            Files.copy(specDir.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> lines = Files.readAllLines(trace);
        boolean membership = lines.stream().anyMatch(line -> line.startsWith("TraceInitVoters =="));
        String spec = membership ? "RaftMembershipTrace" : "RaftTrace";
        if (!trace.toAbsolutePath().equals(dir.resolve("TraceLog.tla"))) {
            Files.copy(trace, dir.resolve("TraceLog.tla"), StandardCopyOption.REPLACE_EXISTING);
        }
        long events = lines.stream().filter(l -> l.startsWith("  [") || l.startsWith(", [")).count();
        Model model = new Model("trace", spec + ".tla", spec + ".cfg", "pass", "trace", budget,
                List.of(TlcRunner.CHECK_DEADLOCK));
        TlcResult r = new TlcRunner(dir, dir.resolve("states"), 1, progress).run(model);
        // One state per event taken, plus the initial state.
        if (r.verdict() == TlcResult.Verdict.PASS && r.depth() == events + 1) {
            return new Verdict(true, events, 0, null, null, Map.of(), r.time(), r);
        }
        if (r.verdict() != TlcResult.Verdict.VIOLATION || r.trace().isEmpty()) {
            String reason = r.verdict() == TlcResult.Verdict.PASS
                    ? "TLC finished at depth " + r.depth() + " for " + events + " events (a trace spec bug)"
                    : "TLC gave no verdict: " + r.verdict();
            return new Verdict(false, events, 0, null, reason, Map.of(), r.time(), r);
        }
        Map<String, String> last = new LinkedHashMap<>();
        for (TraceStep step : r.trace()) {
            last.putAll(step.changed());
        }
        long cursor = Long.parseLong(last.getOrDefault("l", "0").strip());
        long failed;
        String reason;
        Map<String, String> before;
        if ("deadlock".equals(r.violated())) {
            failed = cursor;
            reason = membership ? "RaftMembership.tla (Raft.tla with membership changes) allows no step that matches it"
                    : "RaftLeadership.tla (Raft.tla with pre-vote, check-quorum, transfer) allows no step that matches it";
            before = last;
        } else {
            // The last state breaks an invariant; the event that led into it is the culprit.
            failed = cursor - 1;
            reason = "the state after it violates " + r.violated();
            before = new LinkedHashMap<>();
            List<TraceStep> steps = r.trace();
            for (TraceStep step : steps.subList(0, steps.size() - 1)) {
                before.putAll(step.changed());
            }
        }
        int line = TlaTraceWriter.FIRST_EVENT_LINE + (int) failed - 1;
        String event = line >= 1 && line <= lines.size() ? lines.get(line - 1).replaceFirst("^(  |, )", "") : "?";
        return new Verdict(false, events, failed, event, reason, before, r.time(), r);
    }
}
