package raft.node;

import raft.core.Message;

/** Outbound half of a transport. Must not block: called while the node holds no lock it can't give up. */
@FunctionalInterface
public interface Transport {
    void send(Message message);

    /**
     * Called on the thread that is about to block in a storage write (an fsync), right
     * before it. A transport that defers some sends to work this same thread would run
     * later (an event loop's next task) must let them go now: otherwise a leader writing on
     * such a thread holds its AppendEntries back for as long as its own fsync takes, and the
     * followers' writes no longer overlap the leader's.
     */
    default void flushDeferred() {
    }
}
