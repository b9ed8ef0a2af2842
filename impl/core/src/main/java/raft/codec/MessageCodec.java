package raft.codec;

import raft.core.ConfigBytes;
import raft.core.Entry;
import raft.core.Membership;
import raft.core.Message;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.InstallSnapshot;
import raft.core.Message.InstallSnapshotReply;
import raft.core.Message.PreVote;
import raft.core.Message.PreVoteReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;
import raft.core.Message.ReadHeartbeat;
import raft.core.Message.ReadHeartbeatReply;
import raft.core.Message.ReadIndexReply;
import raft.core.Message.ReadIndexRequest;
import raft.core.Message.TimeoutNow;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wire format for every {@link Message}: a type byte, then varint fields.
 * AppendEntries carries entry terms and commands only; indices follow from prevLogIndex.
 * decode() accepts exactly what encode() produces and rejects anything else.
 */
public final class MessageCodec {
    private static final int REQUEST_VOTE = 1;
    private static final int REQUEST_VOTE_REPLY = 2;
    private static final int APPEND_ENTRIES = 3;
    private static final int APPEND_ENTRIES_REPLY = 4;
    private static final int INSTALL_SNAPSHOT = 5;
    private static final int INSTALL_SNAPSHOT_REPLY = 6;
    private static final int PRE_VOTE = 7;
    private static final int PRE_VOTE_REPLY = 8;
    private static final int TIMEOUT_NOW = 9;
    /** A RequestVote with transfer set: its own type, so the plain RequestVote's encoding stays as it was. */
    private static final int REQUEST_TRANSFER_VOTE = 10;
    private static final int READ_HEARTBEAT = 11;
    private static final int READ_HEARTBEAT_REPLY = 12;
    private static final int READ_INDEX_REQUEST = 13;
    /** Carries index + 1, so a refusal (-1) is 0 and every field stays non-negative. */
    private static final int READ_INDEX_REPLY = 14;
    /**
     * AppendEntries holding a configuration entry: each entry has a kind byte (0 command, 1
     * configuration) before its term, so the plain AppendEntries encoding stays as it was.
     */
    private static final int APPEND_ENTRIES_KINDS = 15;
    /** InstallSnapshot with the configuration at its index (raft.core.ConfigBytes) after the data. */
    private static final int INSTALL_SNAPSHOT_CONFIG = 16;

    /** Node ids are small; anything larger is corruption, not a real cluster. */
    public static final int MAX_NODE_ID = 1 << 16;

    private MessageCodec() {}

    public static byte[] encode(Message m) {
        ByteWriter w = new ByteWriter(estimate(m));
        encode(m, w);
        return w.toByteArray();
    }

    public static void encode(Message m, ByteWriter w) {
        if (m instanceof RequestVote v) {
            header(w, v.transfer() ? REQUEST_TRANSFER_VOTE : REQUEST_VOTE, m).writeVarLong(v.lastLogIndex())
                    .writeVarLong(v.lastLogTerm());
        } else if (m instanceof RequestVoteReply r) {
            header(w, REQUEST_VOTE_REPLY, m).writeByte(r.voteGranted() ? 1 : 0);
        } else if (m instanceof AppendEntries a) {
            boolean kinds = hasConfig(a.entries());
            header(w, kinds ? APPEND_ENTRIES_KINDS : APPEND_ENTRIES, m).writeVarLong(a.prevLogIndex())
                    .writeVarLong(a.prevLogTerm()).writeVarLong(a.leaderCommit()).writeVarLong(a.entries().size());
            long index = a.prevLogIndex();
            for (Entry e : a.entries()) {
                if (e.index() != ++index) {
                    throw new IllegalArgumentException("entry index " + e.index() + " where " + index
                            + " expected: AppendEntries entries must follow prevLogIndex contiguously");
                }
                if (kinds) {
                    w.writeByte(e.config() ? 1 : 0);
                }
                w.writeVarLong(e.term()).writeBytes(e.command());
            }
        } else if (m instanceof AppendEntriesReply r) {
            header(w, APPEND_ENTRIES_REPLY, m).writeByte(r.success() ? 1 : 0).writeVarLong(r.matchIndex())
                    .writeVarLong(r.conflictTerm()).writeVarLong(r.conflictIndex());
        } else if (m instanceof InstallSnapshot s) {
            header(w, s.config() == null ? INSTALL_SNAPSHOT : INSTALL_SNAPSHOT_CONFIG, m)
                    .writeVarLong(s.lastIncludedIndex()).writeVarLong(s.lastIncludedTerm()).writeBytes(s.data());
            if (s.config() != null) {
                w.writeBytes(ConfigBytes.encode(s.config()));
            }
        } else if (m instanceof InstallSnapshotReply r) {
            header(w, INSTALL_SNAPSHOT_REPLY, m).writeVarLong(r.lastIncludedIndex());
        } else if (m instanceof PreVote v) {
            header(w, PRE_VOTE, m).writeVarLong(v.lastLogIndex()).writeVarLong(v.lastLogTerm());
        } else if (m instanceof PreVoteReply r) {
            header(w, PRE_VOTE_REPLY, m).writeByte(r.voteGranted() ? 1 : 0);
        } else if (m instanceof TimeoutNow) {
            header(w, TIMEOUT_NOW, m);
        } else if (m instanceof ReadHeartbeat h) {
            header(w, READ_HEARTBEAT, m).writeVarLong(h.readId());
        } else if (m instanceof ReadHeartbeatReply h) {
            header(w, READ_HEARTBEAT_REPLY, m).writeVarLong(h.readId());
        } else if (m instanceof ReadIndexRequest q) {
            header(w, READ_INDEX_REQUEST, m).writeVarLong(q.ctx());
        } else if (m instanceof ReadIndexReply q) {
            header(w, READ_INDEX_REPLY, m).writeVarLong(q.ctx()).writeVarLong(q.index() + 1);
        } else {
            throw new IllegalArgumentException("unknown message type " + m.getClass());
        }
    }

    /** Exact encoded size, without building the buffer (for byte counters). */
    public static int encodedSize(Message m) {
        int n = 1 + v(m.from()) + v(m.to()) + v(m.term());
        if (m instanceof RequestVote x) {
            return n + v(x.lastLogIndex()) + v(x.lastLogTerm());
        } else if (m instanceof RequestVoteReply) {
            return n + 1;
        } else if (m instanceof AppendEntries x) {
            n += v(x.prevLogIndex()) + v(x.prevLogTerm()) + v(x.leaderCommit()) + v(x.entries().size());
            boolean kinds = hasConfig(x.entries());
            for (Entry e : x.entries()) {
                n += (kinds ? 1 : 0) + v(e.term()) + v(e.command().length) + e.command().length;
            }
            return n;
        } else if (m instanceof AppendEntriesReply x) {
            return n + 1 + v(x.matchIndex()) + v(x.conflictTerm()) + v(x.conflictIndex());
        } else if (m instanceof InstallSnapshot x) {
            n += v(x.lastIncludedIndex()) + v(x.lastIncludedTerm()) + v(x.data().length) + x.data().length;
            if (x.config() != null) {
                int c = ConfigBytes.encode(x.config()).length;
                n += v(c) + c;
            }
            return n;
        } else if (m instanceof InstallSnapshotReply x) {
            return n + v(x.lastIncludedIndex());
        } else if (m instanceof PreVote x) {
            return n + v(x.lastLogIndex()) + v(x.lastLogTerm());
        } else if (m instanceof PreVoteReply) {
            return n + 1;
        } else if (m instanceof TimeoutNow) {
            return n;
        } else if (m instanceof ReadHeartbeat x) {
            return n + v(x.readId());
        } else if (m instanceof ReadHeartbeatReply x) {
            return n + v(x.readId());
        } else if (m instanceof ReadIndexRequest x) {
            return n + v(x.ctx());
        } else if (m instanceof ReadIndexReply x) {
            return n + v(x.ctx()) + v(x.index() + 1);
        }
        throw new IllegalArgumentException("unknown message type " + m.getClass());
    }

    private static int v(long x) {
        return ByteWriter.varLongSize(x);
    }

    public static Message decode(byte[] buf) {
        return decode(buf, 0, buf.length);
    }

    public static Message decode(byte[] buf, int offset, int length) {
        return decode(ByteBuffer.wrap(buf, offset, length));
    }

    /** The message from buf's position to its limit, read in place (buf is not moved). */
    public static Message decode(ByteBuffer buf) {
        int offset = buf.position();
        ByteReader r = new ByteReader(buf, "message");
        int type = r.readByte("type");
        int from = r.readVarInt("from", 0, MAX_NODE_ID);
        int to = r.readVarInt("to", 0, MAX_NODE_ID);
        long term = r.readVarLong("term");
        Message m = switch (type) {
            case REQUEST_VOTE -> new RequestVote(from, to, term, r.readVarLong("lastLogIndex"),
                    r.readVarLong("lastLogTerm"));
            case REQUEST_VOTE_REPLY -> new RequestVoteReply(from, to, term, r.readBoolean("voteGranted"));
            case APPEND_ENTRIES -> decodeAppendEntries(r, from, to, term, false);
            case APPEND_ENTRIES_KINDS -> decodeAppendEntries(r, from, to, term, true);
            case APPEND_ENTRIES_REPLY -> new AppendEntriesReply(from, to, term, r.readBoolean("success"),
                    r.readVarLong("matchIndex"), r.readVarLong("conflictTerm"), r.readVarLong("conflictIndex"));
            case INSTALL_SNAPSHOT -> new InstallSnapshot(from, to, term, r.readVarLong("lastIncludedIndex"),
                    r.readVarLong("lastIncludedTerm"), r.readBytes("data"));
            case INSTALL_SNAPSHOT_CONFIG -> new InstallSnapshot(from, to, term, r.readVarLong("lastIncludedIndex"),
                    r.readVarLong("lastIncludedTerm"), r.readBytes("data"), config(r.readBytes("config")));
            case INSTALL_SNAPSHOT_REPLY -> new InstallSnapshotReply(from, to, term, r.readVarLong("lastIncludedIndex"));
            case PRE_VOTE -> new PreVote(from, to, term, r.readVarLong("lastLogIndex"), r.readVarLong("lastLogTerm"));
            case PRE_VOTE_REPLY -> new PreVoteReply(from, to, term, r.readBoolean("voteGranted"));
            case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
            case REQUEST_TRANSFER_VOTE -> new RequestVote(from, to, term, r.readVarLong("lastLogIndex"),
                    r.readVarLong("lastLogTerm"), true);
            case READ_HEARTBEAT -> new ReadHeartbeat(from, to, term, r.readVarLong("readId"));
            case READ_HEARTBEAT_REPLY -> new ReadHeartbeatReply(from, to, term, r.readVarLong("readId"));
            case READ_INDEX_REQUEST -> new ReadIndexRequest(from, to, term, r.readVarLong("ctx"));
            case READ_INDEX_REPLY -> new ReadIndexReply(from, to, term, r.readVarLong("ctx"),
                    r.readVarLong("index") - 1);
            default -> throw new CodecException("message: unknown type byte " + type + " at offset " + offset
                    + ", expected 1..16");
        };
        r.expectEnd();
        return m;
    }

    private static AppendEntries decodeAppendEntries(ByteReader r, int from, int to, long term, boolean kinds) {
        long prevIndex = r.readVarLong("prevLogIndex");
        long prevTerm = r.readVarLong("prevLogTerm");
        long commit = r.readVarLong("leaderCommit");
        // Each entry takes at least two bytes, which bounds the count before allocating.
        int count = r.readVarInt("entry count", 0, r.remaining() / 2);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean isConfig = kinds && r.readBoolean("entry kind");
            long entryTerm = r.readVarLong("entry term");
            if (entryTerm > term) {
                throw new CodecException("message: entry term " + entryTerm + " exceeds message term " + term);
            }
            byte[] body = r.readBytes(isConfig ? "configuration entry" : "entry command");
            if (isConfig) {
                config(body);   // damaged bytes are the sender's fault: refuse them here, not in the core
            }
            entries.add(new Entry(prevIndex + 1 + i, entryTerm, body, isConfig));
        }
        return new AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
    }

    private static boolean hasConfig(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.config()) {
                return true;
            }
        }
        return false;
    }

    private static Membership config(byte[] bytes) {
        try {
            return ConfigBytes.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new CodecException("message: " + e.getMessage());
        }
    }

    private static ByteWriter header(ByteWriter w, int type, Message m) {
        return w.writeByte(type).writeVarLong(m.from()).writeVarLong(m.to()).writeVarLong(m.term());
    }

    private static int estimate(Message m) {
        return encodedSize(m);
    }
}
