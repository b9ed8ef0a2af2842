package raft.core;

import raft.node.ApplyMsg;
import raft.storage.RaftStorage;

import java.util.List;

/**
 * What one input to {@link RaftCore} produced. The caller must make update durable
 * before sending any message, then hand applies to the service in order.
 * flushWanted: the leader has entries or a commit index its followers have not been
 * sent yet; the caller should call {@link RaftCore#flush()} soon (coalescing proposals).
 */
public record Ready(RaftStorage.Update update, List<Message> messages, List<ApplyMsg> applies, boolean flushWanted) {
    public Ready {
        messages = List.copyOf(messages);
        applies = List.copyOf(applies);
    }

    public boolean isEmpty() {
        return update == null && messages.isEmpty() && applies.isEmpty() && !flushWanted;
    }
}
