package raft.bench.microraft;

import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import raft.core.Entry;
import raft.core.RaftStorage;
import raft.storage.SegmentedLogStorage;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * MicroRaft's RaftStore over our SegmentedLogStorage, so both sides pay the same durable log:
 * records with CRC32C appended with one write, then one force(false) per batch. MicroRaft
 * hands entries with persistLogEntries() and asks for durability with flush(); we collect
 * between the two and make each flush() one SegmentedLogStorage.persist(). Only the calls made
 * once at start-up (local endpoint, initial members) are not stored: nothing restarts here.
 */
final class MicroStore implements RaftStore {
    private final SegmentedLogStorage log;
    private long term;
    private int votedFor = -1;
    private long truncateFrom;
    private final List<Entry> pending = new ArrayList<>();
    private final List<SnapshotChunk> chunks = new ArrayList<>();
    private RaftStorage.SnapshotData snapshot;
    /** Term and vote as last written. */
    private long lastTerm;
    private int lastVote = -1;

    MicroStore(SegmentedLogStorage log) {
        this.log = log;
        log.recover();
    }

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) {
        // Written once per start; the benchmark never restarts a node.
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView view) {
        // As above.
    }

    @Override
    public synchronized void persistAndFlushTerm(RaftTermPersistentState state) {
        term = state.getTerm();
        votedFor = state.getVotedFor() == null ? -1 : ((Endpoint) state.getVotedFor()).id();
        flush();
    }

    @Override
    public synchronized void persistLogEntries(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            pending.add(new Entry(e.getIndex(), e.getTerm(), (byte[]) e.getOperation()));
        }
    }

    @Override
    public synchronized void persistSnapshotChunk(SnapshotChunk chunk) {
        chunks.add(chunk);
        if (chunks.size() == chunk.getSnapshotChunkCount()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.sort(java.util.Comparator.comparingInt(SnapshotChunk::getSnapshotChunkIndex));
            for (SnapshotChunk c : chunks) {
                all.writeBytes((byte[]) c.getOperation());
            }
            snapshot = new RaftStorage.SnapshotData(chunk.getIndex(), chunk.getTerm(), all.toByteArray());
            chunks.clear();
        }
    }

    @Override
    public synchronized void truncateLogEntriesFrom(long index) {
        pending.removeIf(e -> e.index() >= index);
        truncateFrom = truncateFrom == 0 ? index : Math.min(truncateFrom, index);
    }

    @Override
    public void truncateLogEntriesUntil(long index) {
        // The snapshot's install already drops the segments it covers.
    }

    @Override
    public synchronized void deleteSnapshotChunks(long index, int count) {
        chunks.clear();
    }

    @Override
    public synchronized void flush() {
        if (pending.isEmpty() && truncateFrom == 0 && snapshot == null && termUnchanged()) {
            return;
        }
        log.persist(new RaftStorage.Update(term, votedFor, truncateFrom, pending, snapshot));
        pending.clear();
        truncateFrom = 0;
        snapshot = null;
        lastTerm = term;
        lastVote = votedFor;
    }

    private boolean termUnchanged() {
        return lastTerm == term && lastVote == votedFor;
    }
}
