package raft.core;


import java.util.List;

/**
 * What one input to {@link RaftCore} produced.
 *
 * messages: everything to send. The first earlyCount of them ({@link #early()}) are the
 * leader's AppendEntries / InstallSnapshot and may go out before update is durable (Raft
 * thesis 10.2.1: the leader writes its log in parallel with replicating it, and counts
 * itself toward a commit quorum only after {@link RaftCore#persisted(Ready)}). The rest
 * ({@link #afterPersist()}) -- replies, votes, anything sent while term or vote changed --
 * must wait until update is durable.
 * After making update durable the caller reports it with {@link RaftCore#persisted(Ready)}
 * and drains again. Applies go to the service in order.
 * flushWanted: the leader has entries or a commit index its followers have not been
 * sent yet; the caller should call {@link RaftCore#flush()} soon (coalescing proposals).
 * persistIndex/persistTerm: the last log entry the update leaves in storage; used by
 * persisted() to tell whether that entry is still in the in-memory log.
 * reads: read requests settled (confirmed or refused) since the last Ready.
 */
public record Ready(RaftStorage.Update update, List<Message> messages, List<ApplyMsg> applies, boolean flushWanted,
                    int earlyCount, long persistIndex, long persistTerm, List<ReadState> reads) {
    public Ready {
        messages = List.copyOf(messages);
        reads = List.copyOf(reads);
        applies = List.copyOf(applies);
        if (earlyCount < 0 || earlyCount > messages.size()) {
            throw new IllegalArgumentException("earlyCount " + earlyCount + " of " + messages.size() + " messages");
        }
    }

    /** Everything waits for persistence (the original contract). */
    public Ready(RaftStorage.Update update, List<Message> messages, List<ApplyMsg> applies, boolean flushWanted) {
        this(update, messages, applies, flushWanted, 0, -1, -1, List.of());
    }

    /** Messages that may be sent before update is durable. */
    public List<Message> early() {
        return messages.subList(0, earlyCount);
    }

    /** Messages that must not be sent before update is durable. */
    public List<Message> afterPersist() {
        return messages.subList(earlyCount, messages.size());
    }

    public boolean isEmpty() {
        return update == null && messages.isEmpty() && applies.isEmpty() && !flushWanted && reads.isEmpty();
    }
}
