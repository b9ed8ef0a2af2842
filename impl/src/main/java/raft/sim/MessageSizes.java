package raft.sim;

import raft.core.Entry;
import raft.core.Message;

/**
 * Encoded size of a message, for the network's byte counters. Stands in for
 * raft.codec.MessageCodec until the codec lands: a varint / length-prefixed layout.
 */
public final class MessageSizes {
    private MessageSizes() {
    }

    public static int size(Message m) {
        int s = 1 + varint(m.from()) + varint(m.to()) + varint(m.term());
        if (m instanceof Message.RequestVote r) {
            s += varint(r.lastLogIndex()) + varint(r.lastLogTerm());
        } else if (m instanceof Message.RequestVoteReply) {
            s += 1;
        } else if (m instanceof Message.AppendEntries a) {
            s += varint(a.prevLogIndex()) + varint(a.prevLogTerm()) + varint(a.leaderCommit())
                    + varint(a.entries().size());
            for (Entry e : a.entries()) {
                s += varint(e.index()) + varint(e.term()) + varint(e.command().length) + e.command().length;
            }
        } else if (m instanceof Message.AppendEntriesReply r) {
            s += 1 + varint(r.matchIndex()) + varint(r.conflictTerm()) + varint(r.conflictIndex());
        } else if (m instanceof Message.InstallSnapshot i) {
            s += varint(i.lastIncludedIndex()) + varint(i.lastIncludedTerm()) + varint(i.data().length)
                    + i.data().length;
        } else if (m instanceof Message.InstallSnapshotReply r) {
            s += varint(r.lastIncludedIndex());
        }
        return s;
    }

    static int varint(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
