package raft.storage;

import raft.core.ConfigBytes;
import raft.core.Membership;
import raft.core.RaftStorage.SnapshotData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two whole-file parts of a log directory, each replaced atomically through
 * {@link DurableFiles}: "meta" = magic, currentTerm, votedFor, snapshotIndex; "snapshot" =
 * magic, index, term, service bytes (since membership: magic "RFS2", index, term, configuration
 * length and raft.core.ConfigBytes as of index, service bytes; "RFS1" files still read, with no
 * configuration). meta names the snapshot's index so that a snapshot
 * file lost or swapped for an older one is noticed (the entries it covered are gone from
 * the log). Meta files of the first format (no snapshotIndex) are still read.
 */
final class StateFiles {
    static final String META = "meta";
    static final String SNAPSHOT = "snapshot";
    private static final int META_V1_MAGIC = 0x52465431;   // "RFT1": term, vote
    private static final int META_MAGIC = 0x52465432;      // "RFT2": term, vote, snapshot index
    private static final int SNAP_V1_MAGIC = 0x52465331;    // "RFS1": index, term, data
    private static final int SNAP_MAGIC = 0x52465332;       // "RFS2": index, term, config, data

    /** snapshotIndex: the snapshot meta vouches for (0: none, or a v1 meta file that did not say). */
    record HardState(long term, int votedFor, long snapshotIndex) {}

    private StateFiles() {}

    /** null when the file does not exist yet. */
    static HardState readMeta(Path dir) {
        Path file = dir.resolve(META);
        byte[] body = DurableFiles.read(file);
        if (body == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        int magic = body.length >= 4 ? b.getInt() : 0;
        if (magic == META_MAGIC && body.length == 24) {
            return new HardState(b.getLong(), b.getInt(), b.getLong());
        }
        if (magic == META_V1_MAGIC && body.length == 16) {
            return new HardState(b.getLong(), b.getInt(), 0);
        }
        throw new StorageCorruptionException(file, 0, "not a raft meta file (" + body.length + " bytes)");
    }

    static void writeMeta(Path dir, HardState h, boolean fsync, FileIo io) {
        ByteBuffer b = ByteBuffer.allocate(24).putInt(META_MAGIC).putLong(h.term()).putInt(h.votedFor())
                .putLong(h.snapshotIndex());
        DurableFiles.replace(dir.resolve(META), b.array(), fsync, io);
    }

    /** null when no snapshot was ever written. */
    static SnapshotData readSnapshot(Path dir) {
        Path file = dir.resolve(SNAPSHOT);
        byte[] body = DurableFiles.read(file);
        if (body == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        int magic = body.length < 20 ? 0 : b.getInt();
        if (magic != SNAP_MAGIC && magic != SNAP_V1_MAGIC) {
            throw new StorageCorruptionException(file, 0, "not a raft snapshot file");
        }
        long index = b.getLong();
        long term = b.getLong();
        Membership config = null;
        if (magic == SNAP_MAGIC) {
            int len = b.remaining() >= 4 ? b.getInt() : -1;
            if (len < 0 || len > b.remaining()) {
                throw new StorageCorruptionException(file, 20, "configuration length " + len + " with "
                        + b.remaining() + " bytes left");
            }
            byte[] c = new byte[len];
            b.get(c);
            try {
                config = ConfigBytes.decode(c);
            } catch (IllegalArgumentException e) {
                throw new StorageCorruptionException(file, 24, e.getMessage());
            }
        }
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new SnapshotData(index, term, data, config);
    }

    static void writeSnapshot(Path dir, SnapshotData s, boolean fsync, FileIo io) {
        if (s.config() == null) {
            // No configuration to keep (a caller that predates membership): the first format says so.
            ByteBuffer b = ByteBuffer.allocate(20 + s.data().length).putInt(SNAP_V1_MAGIC).putLong(s.index())
                    .putLong(s.term()).put(s.data());
            DurableFiles.replace(dir.resolve(SNAPSHOT), b.array(), fsync, io);
            return;
        }
        byte[] c = ConfigBytes.encode(s.config());
        ByteBuffer b = ByteBuffer.allocate(24 + c.length + s.data().length).putInt(SNAP_MAGIC).putLong(s.index())
                .putLong(s.term()).putInt(c.length).put(c).put(s.data());
        DurableFiles.replace(dir.resolve(SNAPSHOT), b.array(), fsync, io);
    }

    /**
     * Deletes leftovers of replace() calls that crashed before their rename; the old files still
     * stand. Only after the directory has been validated: a refused start leaves them as found.
     */
    static int removeTempFiles(Path dir) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + DurableFiles.TEMP_SUFFIX)) {
            for (Path p : ds) {
                Files.delete(p);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temp files in " + dir, e);
        }
        return n;
    }
}
