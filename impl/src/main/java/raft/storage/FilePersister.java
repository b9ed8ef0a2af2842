package raft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Both blobs in one file, replaced atomically: write a temp file, fsync it, rename it
 * over the old one, fsync the directory. Layout: magic "RFT1", raft-state length,
 * snapshot length, CRC32C of everything after the header, then the two blobs. A file
 * that fails any check is reported with its path, never used.
 */
public final class FilePersister implements Persister {
    private static final int MAGIC = 0x52465431; // "RFT1"
    private static final int HEADER = 16;

    private final Path file;
    private final Path temp;
    private byte[] raftState;
    private byte[] snapshot;

    /** Opens (or starts empty when absent) the state file; a corrupt file throws CorruptStateException. */
    public FilePersister(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
        load();
    }

    private void load() {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            raftState = new byte[0];
            snapshot = new byte[0];
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (all.length < HEADER) {
            throw new CorruptStateException(file + ": " + all.length + " bytes, shorter than the "
                    + HEADER + "-byte header (torn write?)");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new CorruptStateException(file + ": bad magic 0x" + Integer.toHexString(magic)
                    + ", expected 0x" + Integer.toHexString(MAGIC) + " (not a Raft state file)");
        }
        int stateLen = b.getInt();
        int snapLen = b.getInt();
        int crc = b.getInt();
        long expected = (long) HEADER + stateLen + snapLen;
        if (stateLen < 0 || snapLen < 0 || expected != all.length) {
            throw new CorruptStateException(file + ": header says " + stateLen + " + " + snapLen
                    + " bytes of data but the file holds " + (all.length - HEADER) + " (torn write?)");
        }
        CRC32C c = new CRC32C();
        c.update(all, HEADER, all.length - HEADER);
        if ((int) c.getValue() != crc) {
            throw new CorruptStateException(file + ": checksum mismatch (stored 0x" + Integer.toHexString(crc)
                    + ", computed 0x" + Integer.toHexString((int) c.getValue()) + "), contents corrupt");
        }
        raftState = java.util.Arrays.copyOfRange(all, HEADER, HEADER + stateLen);
        snapshot = java.util.Arrays.copyOfRange(all, HEADER + stateLen, all.length);
    }

    @Override
    public synchronized void save(byte[] raftState, byte[] snapshot) {
        byte[] newState = raftState.clone();
        byte[] newSnap = snapshot == null ? this.snapshot : snapshot.clone();
        ByteBuffer b = ByteBuffer.allocate(HEADER + newState.length + newSnap.length);
        CRC32C c = new CRC32C();
        c.update(newState);
        c.update(newSnap);
        b.putInt(MAGIC).putInt(newState.length).putInt(newSnap.length).putInt((int) c.getValue());
        b.put(newState).put(newSnap).flip();
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system of " + file + " cannot rename atomically", e);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save Raft state to " + file, e);
        }
        this.raftState = newState;
        this.snapshot = newSnap;
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for fsync; the rename is still atomic there.
            if (!System.getProperty("os.name").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    @Override
    public synchronized byte[] readRaftState() {
        return raftState.clone();
    }

    @Override
    public synchronized byte[] readSnapshot() {
        return snapshot.clone();
    }

    @Override
    public synchronized int raftStateSize() {
        return raftState.length;
    }

    @Override
    public synchronized int snapshotSize() {
        return snapshot.length;
    }

    public Path file() {
        return file;
    }
}
