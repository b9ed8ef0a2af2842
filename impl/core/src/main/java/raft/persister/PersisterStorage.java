package raft.persister;

import raft.core.RaftStorage;
import raft.codec.ByteReader;
import raft.codec.ByteWriter;
import raft.codec.CodecException;
import raft.core.ConfigBytes;
import raft.core.Entry;
import raft.core.Membership;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RaftStorage over a lab-style Persister (the lab measures the Raft state's size). Format
 * (version 3): a fixed-size header -- version byte, term (8 bytes), votedFor + 1 (4),
 * snapshotIndex (8), snapshotTerm (8) -- then the configuration as of the snapshot index
 * (length-prefixed {@link ConfigBytes}, empty for none), then every entry after the snapshot as
 * a varint (term * 2 + 1 for a configuration entry, + 0 for a command) and a length-prefixed
 * body, to the end (indices follow from snapshotIndex). Version 2 (no configuration block,
 * plain terms) is still read. The snapshot bytes live in the second blob.
 *
 * Append-only: a persist that appends or truncates rewrites only the header and the changed
 * end ({@link Persister#splice}), so its cost follows the update, not the log. Only a snapshot,
 * which drops a prefix, re-encodes the remaining log whole.
 */
public final class PersisterStorage implements RaftStorage {
    private static final int VERSION = 3;
    private static final int VERSION_NO_CONFIG = 2;
    private static final int HEADER = 1 + 8 + 4 + 8 + 8;

    private final Persister persister;
    private long term;
    private int votedFor = -1;
    private long snapshotIndex;
    private long snapshotTerm;
    private Membership snapshotConfig;
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** Where each entry's record starts in the saved state, parallel to entries. */
    private int[] offsets = new int[16];
    /** Size of the saved state. */
    private int end = HEADER;
    /** The persister holds a state in this format (a splice needs one to splice into). */
    private boolean written;
    /** Format of what the persister holds: a version 2 state is rewritten whole on its first update. */
    private int headerVersion = VERSION;

    public PersisterStorage(Persister persister) {
        this.persister = persister;
    }

    @Override
    public synchronized Recovered recover() {
        byte[] state = persister.readRaftState();
        entries.clear();
        end = HEADER;
        written = state.length > 0;
        headerVersion = state.length > 0 ? state[0] : VERSION;
        if (state.length == 0) {
            term = 0;
            votedFor = -1;
            snapshotIndex = 0;
            snapshotTerm = 0;
            snapshotConfig = null;
            return Recovered.empty();
        }
        if (state[0] != VERSION && state[0] != VERSION_NO_CONFIG) {
            throw new CorruptStateException("persisted Raft state: unknown format version " + state[0] + ", expected "
                    + VERSION);
        }
        if (state.length < HEADER) {
            throw new CorruptStateException("persisted Raft state: " + state.length + " bytes, shorter than its "
                    + HEADER + "-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(state, 1, HEADER - 1);
        term = h.getLong();
        votedFor = h.getInt() - 1;
        snapshotIndex = h.getLong();
        snapshotTerm = h.getLong();
        try {
            ByteReader r = new ByteReader(state, HEADER, state.length - HEADER, "raft state");
            boolean kinds = state[0] == VERSION;
            byte[] config = kinds ? r.readBytes("snapshot configuration") : new byte[0];
            snapshotConfig = config.length == 0 ? null : ConfigBytes.decode(config);
            while (r.remaining() > 0) {
                int at = r.position();
                long t = r.readVarLong("entry term");
                boolean isConfig = kinds && (t & 1) == 1;
                Entry e = new Entry(snapshotIndex + entries.size() + 1, kinds ? t >>> 1 : t,
                        r.readBytes("command"), isConfig);
                if (isConfig) {
                    e.membership();   // damage shows here, not later in the core
                }
                addEntry(e, at);
            }
        } catch (CodecException | IllegalArgumentException e) {
            throw new CorruptStateException("persisted Raft state unreadable: " + e.getMessage());
        }
        end = state.length;
        byte[] snap = persister.readSnapshot();
        return new Recovered(term, votedFor, snapshotIndex, snapshotTerm,
                snapshotIndex > 0 ? snap : null, List.copyOf(entries), snapshotConfig);
    }

    @Override
    public synchronized void persist(Update u) {
        term = u.term();
        votedFor = u.votedFor();
        if (u.truncateFrom() > 0) {
            long keep = Math.max(0, u.truncateFrom() - snapshotIndex - 1);
            if (keep < entries.size()) {
                end = offsets[(int) keep];
                entries.subList((int) keep, entries.size()).clear();
            }
        }
        int keepBytes = end;
        ByteWriter tail = new ByteWriter(64);
        for (Entry e : u.append()) {
            long expected = snapshotIndex + entries.size() + 1;
            if (e.index() != expected) {
                throw new IllegalArgumentException("append of index " + e.index() + " where " + expected + " expected");
            }
            addEntry(e, keepBytes + tail.size());
            writeEntry(tail, e);
        }
        end = keepBytes + tail.size();
        if (u.snapshot() == null && written && headerVersion == VERSION) {
            persister.splice(header(), keepBytes, tail.toByteArray());
            return;
        }
        written = true;
        if (u.snapshot() == null) {
            persister.save(encodeAll(new ArrayList<>(entries)), null);
            return;
        }
        SnapshotData s = u.snapshot();
        long drop = Math.min(entries.size(), Math.max(0, s.index() - snapshotIndex));
        boolean matches = s.index() <= snapshotIndex + entries.size()
                && (s.index() == snapshotIndex ? snapshotTerm == s.term()
                : s.index() > snapshotIndex && entries.get((int) (s.index() - snapshotIndex - 1)).term() == s.term());
        List<Entry> kept = matches ? new ArrayList<>(entries.subList((int) drop, entries.size())) : List.of();
        snapshotIndex = s.index();
        snapshotTerm = s.term();
        snapshotConfig = s.config();
        persister.save(encodeAll(kept), s.data());
    }

    private void addEntry(Entry e, int offset) {
        if (entries.size() == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[entries.size()] = offset;
        entries.add(e);
    }

    private byte[] header() {
        return ByteBuffer.allocate(HEADER).put((byte) VERSION).putLong(term).putInt(votedFor + 1)
                .putLong(snapshotIndex).putLong(snapshotTerm).array();
    }

    /** The whole state with entries as the log (after a snapshot moved its start). */
    private byte[] encodeAll(List<Entry> log) {
        int size = HEADER;
        for (Entry e : log) {
            size += e.command().length + 15;
        }
        if (snapshotConfig != null) {
            size += ConfigBytes.encode(snapshotConfig).length + 5;
        }
        ByteWriter w = new ByteWriter(size);
        entries.clear();
        for (byte b : header()) {
            w.writeByte(b);
        }
        w.writeBytes(snapshotConfig == null ? new byte[0] : ConfigBytes.encode(snapshotConfig));
        for (Entry e : log) {
            addEntry(e, w.size());
            writeEntry(w, e);
        }
        end = w.size();
        headerVersion = VERSION;
        return w.toByteArray();
    }

    private static void writeEntry(ByteWriter w, Entry e) {
        w.writeVarLong(e.term() * 2 + (e.config() ? 1 : 0)).writeBytes(e.command());
    }
}
