package raft.bench.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import raft.codec.ByteReader;
import raft.codec.ByteWriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * MicroRaft's messages on the wire, in the same style as our MessageCodec (a type byte, varints,
 * length-prefixed bytes) so neither side pays more for encoding. MicroRaft ships no wire format;
 * its messages are built back through its own model factory. Operations must be byte[] (the
 * benchmark's KV commands); the group id is implied (one group per cluster).
 */
final class MicroCodec {
    private static final int VOTE = 1, VOTE_REPLY = 2, PRE_VOTE = 3, PRE_VOTE_REPLY = 4, APPEND = 5,
            APPEND_OK = 6, APPEND_FAIL = 7, SNAPSHOT = 8, SNAPSHOT_REPLY = 9, TRIGGER = 10;

    private final Object groupId;
    private final RaftModelFactory f = new DefaultRaftModelFactory();

    MicroCodec(Object groupId) {
        this.groupId = groupId;
    }

    RaftModelFactory factory() {
        return f;
    }

    byte[] encode(RaftMessage m) {
        ByteWriter w = new ByteWriter(64);
        if (m instanceof AppendEntriesRequest a) {
            head(w, APPEND, m).writeVarLong(a.getPreviousLogTerm()).writeVarLong(a.getPreviousLogIndex())
                    .writeVarLong(a.getCommitIndex()).writeVarLong(a.getQuerySequenceNumber())
                    .writeVarLong(a.getFlowControlSequenceNumber()).writeVarLong(a.getLogEntries().size());
            for (LogEntry e : a.getLogEntries()) {
                w.writeVarLong(e.getIndex()).writeVarLong(e.getTerm()).writeBytes(operation(e.getOperation()));
            }
        } else if (m instanceof AppendEntriesSuccessResponse r) {
            head(w, APPEND_OK, m).writeVarLong(r.getLastLogIndex()).writeVarLong(r.getQuerySequenceNumber())
                    .writeVarLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof AppendEntriesFailureResponse r) {
            head(w, APPEND_FAIL, m).writeVarLong(r.getExpectedNextIndex()).writeVarLong(r.getQuerySequenceNumber())
                    .writeVarLong(r.getFlowControlSequenceNumber());
        } else if (m instanceof VoteRequest v) {
            head(w, VOTE, m).writeVarLong(v.getLastLogTerm()).writeVarLong(v.getLastLogIndex())
                    .writeByte(v.isSticky() ? 1 : 0);
        } else if (m instanceof VoteResponse v) {
            head(w, VOTE_REPLY, m).writeByte(v.isGranted() ? 1 : 0);
        } else if (m instanceof PreVoteRequest v) {
            head(w, PRE_VOTE, m).writeVarLong(v.getLastLogTerm()).writeVarLong(v.getLastLogIndex());
        } else if (m instanceof PreVoteResponse v) {
            head(w, PRE_VOTE_REPLY, m).writeByte(v.isGranted() ? 1 : 0);
        } else if (m instanceof TriggerLeaderElectionRequest t) {
            head(w, TRIGGER, m).writeVarLong(t.getLastLogTerm()).writeVarLong(t.getLastLogIndex());
        } else if (m instanceof InstallSnapshotRequest s) {
            head(w, SNAPSHOT, m).writeByte(s.isSenderLeader() ? 1 : 0).writeVarLong(s.getSnapshotTerm())
                    .writeVarLong(s.getSnapshotIndex()).writeVarLong(s.getTotalSnapshotChunkCount())
                    .writeVarLong(s.getQuerySequenceNumber()).writeVarLong(s.getFlowControlSequenceNumber());
            endpoints(w, s.getSnapshottedMembers());
            view(w, s.getGroupMembersView());
            SnapshotChunk c = s.getSnapshotChunk();
            w.writeByte(c == null ? 0 : 1);
            if (c != null) {
                w.writeVarLong(c.getIndex()).writeVarLong(c.getTerm()).writeBytes(operation(c.getOperation()))
                        .writeVarLong(c.getSnapshotChunkIndex()).writeVarLong(c.getSnapshotChunkCount());
                view(w, c.getGroupMembersView());
            }
        } else if (m instanceof InstallSnapshotResponse r) {
            head(w, SNAPSHOT_REPLY, m).writeVarLong(r.getSnapshotIndex()).writeVarLong(r.getRequestedSnapshotChunkIndex())
                    .writeVarLong(r.getQuerySequenceNumber()).writeVarLong(r.getFlowControlSequenceNumber());
        } else {
            throw new IllegalArgumentException("no wire format for MicroRaft message " + m.getClass().getName());
        }
        return w.toByteArray();
    }

    RaftMessage decode(byte[] buf) {
        ByteReader r = new ByteReader(buf, "MicroRaft message");
        int type = r.readByte("type");
        RaftEndpoint sender = new Endpoint(r.readVarInt("sender", 0, 1 << 16));
        int term = r.readVarInt("term", 0, Integer.MAX_VALUE);
        RaftMessage m = switch (type) {
            case APPEND -> {
                var b = f.createAppendEntriesRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                        .setPreviousLogTerm(i(r)).setPreviousLogIndex(r.readVarLong("prev"))
                        .setCommitIndex(r.readVarLong("commit")).setQuerySequenceNumber(r.readVarLong("query"))
                        .setFlowControlSequenceNumber(r.readVarLong("flow"));
                int n = r.readVarInt("count", 0, r.remaining());
                List<LogEntry> entries = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    entries.add(f.createLogEntryBuilder().setIndex(r.readVarLong("index")).setTerm(i(r))
                            .setOperation(r.readBytes("operation")).build());
                }
                yield b.setLogEntries(entries).build();
            }
            case APPEND_OK -> f.createAppendEntriesSuccessResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setLastLogIndex(r.readVarLong("last")).setQuerySequenceNumber(r.readVarLong("query"))
                    .setFlowControlSequenceNumber(r.readVarLong("flow")).build();
            case APPEND_FAIL -> f.createAppendEntriesFailureResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setExpectedNextIndex(r.readVarLong("next"))
                    .setQuerySequenceNumber(r.readVarLong("query")).setFlowControlSequenceNumber(r.readVarLong("flow"))
                    .build();
            case VOTE -> f.createVoteRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setLastLogTerm(i(r)).setLastLogIndex(r.readVarLong("last")).setSticky(r.readBoolean("sticky"))
                    .build();
            case VOTE_REPLY -> f.createVoteResponseBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setGranted(r.readBoolean("granted")).build();
            case PRE_VOTE -> f.createPreVoteRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                    .setLastLogTerm(i(r)).setLastLogIndex(r.readVarLong("last")).build();
            case PRE_VOTE_REPLY -> f.createPreVoteResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setGranted(r.readBoolean("granted")).build();
            case TRIGGER -> f.createTriggerLeaderElectionRequestBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setLastLogTerm(i(r)).setLastLogIndex(r.readVarLong("last")).build();
            case SNAPSHOT -> decodeSnapshot(r, sender, term);
            case SNAPSHOT_REPLY -> f.createInstallSnapshotResponseBuilder().setGroupId(groupId).setSender(sender)
                    .setTerm(term).setSnapshotIndex(r.readVarLong("index")).setRequestedSnapshotChunkIndex(i(r))
                    .setQuerySequenceNumber(r.readVarLong("query")).setFlowControlSequenceNumber(r.readVarLong("flow"))
                    .build();
            default -> throw new IllegalArgumentException("MicroRaft message: unknown type " + type);
        };
        r.expectEnd();
        return m;
    }

    private RaftMessage decodeSnapshot(ByteReader r, RaftEndpoint sender, int term) {
        var b = f.createInstallSnapshotRequestBuilder().setGroupId(groupId).setSender(sender).setTerm(term)
                .setSenderLeader(r.readBoolean("leader")).setSnapshotTerm(i(r)).setSnapshotIndex(r.readVarLong("index"))
                .setTotalSnapshotChunkCount(i(r)).setQuerySequenceNumber(r.readVarLong("query"))
                .setFlowControlSequenceNumber(r.readVarLong("flow"));
        b.setSnapshottedMembers(endpoints(r));
        b.setGroupMembersView(view(r));
        SnapshotChunk chunk = null;
        if (r.readBoolean("chunk")) {
            chunk = f.createSnapshotChunkBuilder().setIndex(r.readVarLong("index")).setTerm(i(r))
                    .setOperation(r.readBytes("operation")).setSnapshotChunkIndex(i(r)).setSnapshotChunkCount(i(r))
                    .setGroupMembersView(view(r)).build();
        }
        return b.setSnapshotChunk(chunk).build();
    }

    private static int i(ByteReader r) {
        return r.readVarInt("int", 0, Integer.MAX_VALUE);
    }

    private static ByteWriter head(ByteWriter w, int type, RaftMessage m) {
        return w.writeByte(type).writeVarLong(((Endpoint) m.getSender()).id()).writeVarLong(m.getTerm());
    }

    private static byte[] operation(Object op) {
        if (op instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("benchmark operations are byte[], got " + op);
    }

    private static void endpoints(ByteWriter w, Collection<RaftEndpoint> es) {
        w.writeVarLong(es.size());
        for (RaftEndpoint e : es) {
            w.writeVarLong(((Endpoint) e).id());
        }
    }

    private static List<RaftEndpoint> endpoints(ByteReader r) {
        int n = r.readVarInt("members", 0, 1 << 16);
        List<RaftEndpoint> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(new Endpoint(r.readVarInt("member", 0, 1 << 16)));
        }
        return out;
    }

    private static void view(ByteWriter w, RaftGroupMembersView v) {
        w.writeVarLong(v.getLogIndex());
        endpoints(w, v.getMembers());
        endpoints(w, v.getVotingMembers());
    }

    private RaftGroupMembersView view(ByteReader r) {
        return f.createRaftGroupMembersViewBuilder().setLogIndex(r.readVarLong("view index"))
                .setMembers(endpoints(r)).setVotingMembers(endpoints(r)).build();
    }
}
