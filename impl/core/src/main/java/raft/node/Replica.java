package raft.node;

import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;
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

    /**
     * A linearizable read point (ReadIndex, thesis 6.4): completes with an index once this
     * member's leader has confirmed it still leads and this member's applier has been handed
     * every entry through that index; the caller then reads its state machine. Completes
     * exceptionally ({@link ReadRefusedException}) when that cannot be confirmed. A member that
     * cannot serve reads refuses.
     */
    default CompletableFuture<Long> readIndex() {
        return CompletableFuture.failedFuture(new ReadRefusedException("reads not supported"));
    }

    /** The latest configuration in this member's log (committed or not), as the core uses it. */
    default Membership membership() {
        throw new UnsupportedOperationException("membership not supported");
    }

    /**
     * Proposes one single-server change if this member leads; completes with the configuration
     * once the change has committed (for an Add that will be promoted: once the promotion has
     * committed), or exceptionally with {@link MembershipException} saying why it was refused.
     */
    default CompletableFuture<Membership> changeMembership(MembershipChange change) {
        return CompletableFuture.failedFuture(new MembershipException("membership changes not supported", -1));
    }

    /** Stops for good: nothing sent or applied after this returns. */
    void kill();
}
