package raft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Whole-file replacement that survives a crash at any point: write a temp file,
 * fsync it, rename over the target, fsync the directory. A reader sees the old
 * file or the new one, never a mix. Files carry a trailing CRC32C so damage that
 * is not a crash (bit rot, an operator's edit) is reported instead of read.
 */
final class DurableFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {}

    static void replace(Path target, byte[] body, boolean fsync) {
        replace(target, body, fsync, FileIo.DEFAULT);
    }

    /**
     * A failed write leaves the target as it was and removes its temp file (on a full disk
     * that frees the space the attempt took).
     */
    static void replace(Path target, byte[] body, boolean fsync, FileIo io) {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer trailer = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
        try (FileChannel ch = io.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(body));
            writeFully(ch, trailer);
            if (fsync) {
                ch.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot write " + temp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("file system cannot rename atomically: " + target, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + temp + " to " + target, e);
        }
        if (fsync) {
            syncDirectory(target.getParent(), io);
        }
    }

    /** Body of a file written by {@link #replace}, or null if it does not exist. */
    static byte[] read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (all.length < 4) {
            throw new StorageCorruptionException(file, 0, "file is " + all.length + " bytes, shorter than its checksum");
        }
        int bodyLen = all.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(all, 0, bodyLen);
        int stored = ByteBuffer.wrap(all, bodyLen, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new StorageCorruptionException(file, bodyLen, "checksum mismatch (file damaged after it was written)");
        }
        byte[] body = new byte[bodyLen];
        System.arraycopy(all, 0, body, 0, bodyLen);
        return body;
    }

    /** A directory's fsync makes creates, renames and deletes in it durable. */
    static void syncDirectory(Path dir) {
        syncDirectory(dir, FileIo.DEFAULT);
    }

    static void syncDirectory(Path dir, FileIo io) {
        try (FileChannel ch = io.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync directory " + dir, e);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
