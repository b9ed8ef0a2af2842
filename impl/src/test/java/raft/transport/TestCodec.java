package raft.transport;

import raft.core.Entry;
import raft.core.Message;
import raft.core.Message.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for the core's MessageCodec in transport tests: plain DataOutput, every message type. */
final class TestCodec {
    static final WireCodec CODEC = WireCodec.of(TestCodec::encode, TestCodec::decode);

    private TestCodec() {}

    static byte[] encode(Message m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(m.from());
            out.writeInt(m.to());
            out.writeLong(m.term());
            if (m instanceof RequestVote r) {
                out.writeByte(1);
                out.writeLong(r.lastLogIndex());
                out.writeLong(r.lastLogTerm());
            } else if (m instanceof RequestVoteReply r) {
                out.writeByte(2);
                out.writeBoolean(r.voteGranted());
            } else if (m instanceof AppendEntries a) {
                out.writeByte(3);
                out.writeLong(a.prevLogIndex());
                out.writeLong(a.prevLogTerm());
                out.writeLong(a.leaderCommit());
                out.writeInt(a.entries().size());
                for (Entry e : a.entries()) {
                    out.writeLong(e.index());
                    out.writeLong(e.term());
                    out.writeInt(e.command().length);
                    out.write(e.command());
                }
            } else if (m instanceof AppendEntriesReply r) {
                out.writeByte(4);
                out.writeBoolean(r.success());
                out.writeLong(r.matchIndex());
                out.writeLong(r.conflictTerm());
                out.writeLong(r.conflictIndex());
            } else if (m instanceof InstallSnapshot s) {
                out.writeByte(5);
                out.writeLong(s.lastIncludedIndex());
                out.writeLong(s.lastIncludedTerm());
                out.writeInt(s.data().length);
                out.write(s.data());
            } else if (m instanceof InstallSnapshotReply r) {
                out.writeByte(6);
                out.writeLong(r.lastIncludedIndex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Message decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int from = in.readInt();
            int to = in.readInt();
            long term = in.readLong();
            int type = in.readByte();
            Message m = switch (type) {
                case 1 -> new RequestVote(from, to, term, in.readLong(), in.readLong());
                case 2 -> new RequestVoteReply(from, to, term, in.readBoolean());
                case 3 -> {
                    long prevIndex = in.readLong();
                    long prevTerm = in.readLong();
                    long commit = in.readLong();
                    int n = in.readInt();
                    List<Entry> es = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        long index = in.readLong();
                        long t = in.readLong();
                        byte[] cmd = new byte[in.readInt()];
                        in.readFully(cmd);
                        es.add(new Entry(index, t, cmd));
                    }
                    yield new AppendEntries(from, to, term, prevIndex, prevTerm, es, commit);
                }
                case 4 -> new AppendEntriesReply(from, to, term, in.readBoolean(), in.readLong(), in.readLong(), in.readLong());
                case 5 -> {
                    long index = in.readLong();
                    long t = in.readLong();
                    byte[] data = new byte[in.readInt()];
                    in.readFully(data);
                    yield new InstallSnapshot(from, to, term, index, t, data);
                }
                case 6 -> new InstallSnapshotReply(from, to, term, in.readLong());
                default -> throw new IllegalArgumentException("unknown message type " + type);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes");
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated message", e);
        }
    }
}
