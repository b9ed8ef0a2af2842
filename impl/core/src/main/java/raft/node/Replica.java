package raft.node;

import raft.core.Message;
import raft.core.StartResult;

/**
 * One Raft member as its users see it: the service proposes and compacts, the network
 * delivers, the tester (or the process) stops it. {@link RaftNode} implements it; the
 * key-value service, the lab tester and the server all hold a Replica, so a fake or a
 * deliberately broken member can stand in for the real one.
 */
public interface Replica {
    /** Appends command if leader; never blocks on I/O to peers. */
    StartResult start(byte[] command);

    /** (currentTerm, isLeader), read together. */
    TermState state();

    /** The service has a snapshot covering everything up to index: the log may be compacted. */
    void snapshot(long index, byte[] snapshot);

    /** An inbound message from the network. */
    void receive(Message message);

    /** Stops for good: nothing sent or applied after this returns. */
    void kill();
}
