package raft.core;

/**
 * A leadership transfer in progress (thesis 3.10): while it lasts the leader takes no
 * proposals, so the target can catch up with a log that no longer grows; TimeoutNow goes
 * out once, when the target's log matches. Abandoned after an election timeout.
 */
final class LeaderTransfer {
    final int target;
    int elapsedTicks;
    boolean timeoutNowSent;

    LeaderTransfer(int target) {
        this.target = target;
    }
}
