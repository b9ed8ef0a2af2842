package raft.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How storage opens files: every write, truncate and fsync goes through a channel opened
 * here. The seam lets tests hand out channels that fail like a full or broken disk.
 */
@FunctionalInterface
public interface FileIo {
    FileIo DEFAULT = FileChannel::open;

    FileChannel open(Path file, OpenOption... options) throws IOException;
}
