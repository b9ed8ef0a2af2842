package raft.spec.tlc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a TLC counterexample: the action that led to it and the variables
 * that action changed (all of them for the initial state).
 */
public record TraceStep(int number, String action, Map<String, String> changed) {
    public TraceStep {
        changed = new LinkedHashMap<>(changed);
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("  %3d. %s", number, action));
        changed.forEach((var, value) -> out.append(String.format("%n         %s' = %s", var, value)));
        return out.toString();
    }
}
