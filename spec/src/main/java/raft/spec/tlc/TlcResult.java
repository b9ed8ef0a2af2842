package raft.spec.tlc;

import java.time.Duration;
import java.util.List;

/**
 * What one TLC run found, parsed from its output.
 *
 * @param violated the invariant or property TLC reported violated, or null
 * @param errors   TLC's or SANY's own messages when the run failed without a verdict
 *                 (parse errors, configuration errors), with file and line as TLC gave them
 */
public record TlcResult(Verdict verdict, String violated, long generated, long distinct, int depth,
                        Duration time, List<TraceStep> trace, List<String> errors, long cpuMillis) {

    public enum Verdict {
        /** Model checking (or the simulation) completed with no error. */
        PASS,
        /** An invariant, action property or temporal property was violated. */
        VIOLATION,
        /** SANY or TLC rejected the spec or the configuration. */
        ERROR,
        /** The run exceeded its time budget and was stopped. */
        TIMEOUT
    }

    public TlcResult {
        trace = List.copyOf(trace);
        errors = List.copyOf(errors);
    }

    /** The counterexample, one line per step with the action and the variables it changed. */
    public String traceText() {
        StringBuilder out = new StringBuilder();
        for (TraceStep step : trace) {
            out.append(step.describe()).append('\n');
        }
        return out.toString();
    }
}
