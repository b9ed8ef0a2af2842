package raft.core;

import java.util.List;

/**
 * One spec-level step of one node: the action's name, the message it consumed or
 * produced (null when none), and the node's state after the step. logTerms holds
 * the term of every entry after the snapshot, so the trace spec can check logs
 * without the command bytes.
 */
public record TraceEvent(SpecAction action, int node, Message message, long currentTerm, String role, int votedFor,
                         long commitIndex, long snapshotIndex, long snapshotTerm, List<Long> logTerms) {
    public TraceEvent {
        logTerms = List.copyOf(logTerms);
    }
}
