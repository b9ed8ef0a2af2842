package raft.persister;

import raft.core.RaftStorage;
import raft.codec.ByteReader;
import raft.codec.ByteWriter;
import raft.codec.CodecException;
import raft.core.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * RaftStorage over a lab-style Persister: the whole Raft state is re-encoded on every
 * persist (the lab measures its size). Format, all varints: version, term, votedFor + 1,
 * snapshotIndex, snapshotTerm, entry count, then per entry its term and length-prefixed
 * command (indices follow from snapshotIndex). The snapshot bytes live in the second blob.
 */
public final class PersisterStorage implements RaftStorage {
    private static final int VERSION = 1;

    private final Persister persister;
    private long term;
    private int votedFor = -1;
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<Entry> entries = new ArrayList<>();

    public PersisterStorage(Persister persister) {
        this.persister = persister;
    }

    @Override
    public synchronized Recovered recover() {
        byte[] state = persister.readRaftState();
        entries.clear();
        if (state.length == 0) {
            term = 0;
            votedFor = -1;
            snapshotIndex = 0;
            snapshotTerm = 0;
            return Recovered.empty();
        }
        try {
            ByteReader r = new ByteReader(state, "raft state");
            r.readVarInt("version", VERSION, VERSION);
            term = r.readVarLong("term");
            votedFor = r.readVarInt("votedFor", 0, Integer.MAX_VALUE) - 1;
            snapshotIndex = r.readVarLong("snapshotIndex");
            snapshotTerm = r.readVarLong("snapshotTerm");
            int count = r.readVarInt("entry count", 0, r.remaining() / 2);
            for (int i = 0; i < count; i++) {
                entries.add(new Entry(snapshotIndex + 1 + i, r.readVarLong("entry term"), r.readBytes("command")));
            }
            r.expectEnd();
        } catch (CodecException e) {
            throw new CorruptStateException("persisted Raft state unreadable: " + e.getMessage());
        }
        byte[] snap = persister.readSnapshot();
        return new Recovered(term, votedFor, snapshotIndex, snapshotTerm,
                snapshotIndex > 0 ? snap : null, List.copyOf(entries));
    }

    @Override
    public synchronized void persist(Update u) {
        term = u.term();
        votedFor = u.votedFor();
        if (u.truncateFrom() > 0) {
            long keep = Math.max(0, u.truncateFrom() - snapshotIndex - 1);
            if (keep < entries.size()) {
                entries.subList((int) keep, entries.size()).clear();
            }
        }
        for (Entry e : u.append()) {
            long expected = snapshotIndex + entries.size() + 1;
            if (e.index() != expected) {
                throw new IllegalArgumentException("append of index " + e.index() + " where " + expected + " expected");
            }
            entries.add(e);
        }
        byte[] snap = null;
        if (u.snapshot() != null) {
            SnapshotData s = u.snapshot();
            long drop = Math.min(entries.size(), Math.max(0, s.index() - snapshotIndex));
            boolean matches = s.index() <= snapshotIndex + entries.size()
                    && (s.index() == snapshotIndex ? snapshotTerm == s.term()
                    : s.index() > snapshotIndex && entries.get((int) (s.index() - snapshotIndex - 1)).term() == s.term());
            if (matches) {
                entries.subList(0, (int) drop).clear();
            } else {
                entries.clear();
            }
            snapshotIndex = s.index();
            snapshotTerm = s.term();
            snap = s.data();
        }
        persister.save(encode(), snap);
    }

    private byte[] encode() {
        int size = 32;
        for (Entry e : entries) {
            size += e.command().length + 6;
        }
        ByteWriter w = new ByteWriter(size);
        w.writeVarLong(VERSION).writeVarLong(term).writeVarLong(votedFor + 1L)
                .writeVarLong(snapshotIndex).writeVarLong(snapshotTerm).writeVarLong(entries.size());
        for (Entry e : entries) {
            w.writeVarLong(e.term()).writeBytes(e.command());
        }
        return w.toByteArray();
    }
}
