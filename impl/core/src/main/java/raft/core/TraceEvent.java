package raft.core;

import java.util.List;
import java.util.Map;

/**
 * One spec-level step of one node: the action's name, the message it consumed or
 * produced (null when none), and the node's state after the step. logTerms holds
 * the term of every entry after the snapshot, so the trace spec can check logs
 * without the command bytes. For spec/tla/RaftMembershipTrace.tla, logConfigs holds the
 * configuration of every configuration entry after the snapshot (by index; client entries
 * have none) and snapshotConfig the one in force at snapshotIndex (what a snapshot carries);
 * a tracer that only checks terms may ignore both.
 */
public record TraceEvent(SpecAction action, int node, Message message, long currentTerm, String role, int votedFor,
                         long commitIndex, long snapshotIndex, long snapshotTerm, List<Long> logTerms,
                         Map<Long, Membership> logConfigs, Membership snapshotConfig) {
    public TraceEvent {
        logTerms = List.copyOf(logTerms);
        logConfigs = Map.copyOf(logConfigs);
    }

    /** An event with no configurations known (a hand-made or a parsed terms-only trace). */
    public TraceEvent(SpecAction action, int node, Message message, long currentTerm, String role, int votedFor,
                      long commitIndex, long snapshotIndex, long snapshotTerm, List<Long> logTerms) {
        this(action, node, message, currentTerm, role, votedFor, commitIndex, snapshotIndex, snapshotTerm, logTerms,
                Map.of(), null);
    }
}
