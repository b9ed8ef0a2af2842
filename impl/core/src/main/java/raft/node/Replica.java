package raft.node;

import raft.core.Message;
import raft.core.StartResult;

import java.util.concurrent.CompletableFuture;

/**
 * One Raft member as its users see it: the service proposes and compacts, the network
 * delivers, the tester (or the process) stops it. {@link RaftNode} implements it; the
 * key-value service, the lab tester and the server all hold a Replica, so a fake or a
 * deliberately broken member can stand in for the real one.
 */
public interface Replica {
    /** Appends command if leader (the array is taken over: do not change it after); never blocks on I/O to peers. */
    StartResult start(byte[] command);

    /** (currentTerm, isLeader), read together. */
    TermState state();

    /** The service has a snapshot covering everything up to index: the log may be compacted. */
    void snapshot(long index, byte[] snapshot);

    /** An inbound message from the network. */
    void receive(Message message);

    /**
     * Hands leadership to target (thesis 3.10); completes true once target leads, false if
     * refused or abandoned. A member that cannot transfer refuses.
     */
    default CompletableFuture<Boolean> transferLeadership(int target) {
        return CompletableFuture.completedFuture(false);
    }

    /** Stops for good: nothing sent or applied after this returns. */
    void kill();
}
