package raft.storage;

import java.nio.file.Path;

/**
 * Persisted state is damaged somewhere a crash cannot explain (not a torn tail), so
 * starting would risk losing committed entries. The message names the file and the
 * byte offset; the operator decides (restore from a peer, or delete the data dir).
 */
public final class StorageCorruptionException extends RuntimeException {
    private final Path file;
    private final long offset;

    public StorageCorruptionException(Path file, long offset, String what) {
        super("corrupt raft storage: " + file + " at byte offset " + offset + ": " + what);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
