package raft.node;

import raft.core.Message;

/** Outbound half of a transport. Must not block: called while the node holds no lock it can't give up. */
@FunctionalInterface
public interface Transport {
    void send(Message message);
}
