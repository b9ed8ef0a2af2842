package raft.core;

import java.util.List;

/**
 * Every message of Figure 2 (plus InstallSnapshot from section 7, pre-vote from thesis 9.6
 * and TimeoutNow from thesis 3.10), as plain data.
 * Requests and replies are separate one-way messages, as in etcd-io/raft: the
 * transport never needs to pair them, and a lost reply is just a lost message.
 */
public sealed interface Message {
    int from();
    int to();
    long term();

    /** True for the request types (what the lab counts as an RPC). */
    default boolean isRequest() {
        return this instanceof RequestVote || this instanceof AppendEntries || this instanceof InstallSnapshot
                || this instanceof PreVote || this instanceof TimeoutNow || this instanceof ReadHeartbeat
                || this instanceof ReadIndexRequest;
    }

    /** transfer: sent in an election started by TimeoutNow; overrides leader stickiness, never the log check. */
    record RequestVote(int from, int to, long term, long lastLogIndex, long lastLogTerm, boolean transfer)
            implements Message {
        public RequestVote(int from, int to, long term, long lastLogIndex, long lastLogTerm) {
            this(from, to, term, lastLogIndex, lastLogTerm, false);
        }
    }

    record RequestVoteReply(int from, int to, long term, boolean voteGranted) implements Message {}

    record AppendEntries(int from, int to, long term, long prevLogIndex, long prevLogTerm,
                         List<Entry> entries, long leaderCommit) implements Message {
        public AppendEntries {
            entries = List.copyOf(entries);
        }
    }

    /**
     * matchIndex: on success, the last index the follower now holds that matches the leader.
     * conflictTerm / conflictIndex: on failure, the fast-backtracking hint (term of the
     * conflicting entry and the first index of that term in the follower's log; conflictTerm
     * is 0 when the follower's log is simply too short, conflictIndex is then its length + 1).
     */
    record AppendEntriesReply(int from, int to, long term, boolean success, long matchIndex,
                              long conflictTerm, long conflictIndex) implements Message {}

    /** config: the configuration as of lastIncludedIndex (null: the receiver's initial one). */
    record InstallSnapshot(int from, int to, long term, long lastIncludedIndex, long lastIncludedTerm,
                           byte[] data, Membership config) implements Message {
        public InstallSnapshot(int from, int to, long term, long lastIncludedIndex, long lastIncludedTerm, byte[] data) {
            this(from, to, term, lastIncludedIndex, lastIncludedTerm, data, null);
        }
    }

    record InstallSnapshotReply(int from, int to, long term, long lastIncludedIndex) implements Message {}

    /**
     * "Would you vote for me in term {@code term}?" term is the sender's current term + 1;
     * the receiver changes nothing (no term, no vote, no timer) whatever it answers.
     */
    record PreVote(int from, int to, long term, long lastLogIndex, long lastLogTerm) implements Message {}

    /** term: the PreVote's term when granted (so it matches the round), else the voter's current term. */
    record PreVoteReply(int from, int to, long term, boolean voteGranted) implements Message {}

    /** The leader hands over: the receiver starts an election at once, without a pre-vote. */
    record TimeoutNow(int from, int to, long term) implements Message {}

    /** ReadIndex confirmation (spec/tla/RaftLeadership.tla): are you still in my term? readId names the round. */
    record ReadHeartbeat(int from, int to, long term, long readId) implements Message {}

    /** term: the receiver's current term; it acknowledges round readId if that is the round's term. */
    record ReadHeartbeatReply(int from, int to, long term, long readId) implements Message {}

    /** A follower's read, forwarded to its leader; ctx is the follower's id for it. */
    record ReadIndexRequest(int from, int to, long term, long ctx) implements Message {}

    /** The leader's answer: the confirmed read index, or -1 when refused. */
    record ReadIndexReply(int from, int to, long term, long ctx, long index) implements Message {}
}
