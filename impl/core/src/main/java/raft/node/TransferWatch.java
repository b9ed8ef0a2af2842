package raft.node;

import raft.core.RaftCore;

import java.util.concurrent.CompletableFuture;

/**
 * Follows one leadership transfer started through {@link RaftNode#transferLeadership} to
 * its outcome: true once this node knows the target leads a later term; false once it is
 * leader again without the transfer (the core abandoned it after an election timeout, or
 * another transfer replaced it), once another node leads, or at the node's deadline.
 */
final class TransferWatch {
    final int target;
    final long startTerm;
    final CompletableFuture<Boolean> result = new CompletableFuture<>();

    TransferWatch(int target, long startTerm) {
        this.target = target;
        this.startTerm = startTerm;
    }

    /** The outcome as the core now shows it, or null while undecided. */
    Boolean outcome(RaftCore core) {
        if (core.currentTerm() > startTerm && core.leaderId() == target) {
            return true;
        }
        if (core.isLeader() && (core.currentTerm() > startTerm || core.transferTarget() != target)) {
            return false;
        }
        if (core.leaderId() != -1 && core.leaderId() != target && !core.isLeader()) {
            return false;
        }
        return null;
    }
}
