package raft.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A disk that fails on cue, for the storage fault tests. Every open, write, truncate and force
 * counts as one operation; failAt(k) makes operation k throw (once). spaceLeft(n) turns the
 * disk full after n more bytes: a write that does not fit writes what fits, then throws ENOSPC
 * the way Linux does (a short write, then an error).
 */
final class FaultyFileIo implements FileIo {
    private long ops;
    private long failAt = -1;
    private long space = Long.MAX_VALUE;

    synchronized long operations() {
        return ops;
    }

    synchronized FaultyFileIo failAt(long op) {
        failAt = op;
        return this;
    }

    synchronized FaultyFileIo spaceLeft(long bytes) {
        space = bytes;
        return this;
    }

    private synchronized void step(String what, Path file) throws IOException {
        ops++;
        if (ops == failAt) {
            throw new IOException("injected EIO on " + what + " of " + file.getFileName() + " (operation " + ops + ")");
        }
    }

    /** Bytes of a write of want that fit; 0 when the disk is full. */
    private synchronized long take(long want) {
        long n = Math.min(want, space);
        if (space != Long.MAX_VALUE) {
            space -= n;
        }
        return n;
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        step("open", file);
        return new Channel(file, FileChannel.open(file, options));
    }

    private final class Channel extends FileChannel {
        private final Path file;
        private final FileChannel d;

        Channel(Path file, FileChannel d) {
            this.file = file;
            this.d = d;
        }

        private int limitedWrite(ByteBuffer src, long position) throws IOException {
            step("write", file);
            int want = src.remaining();
            int fits = (int) take(want);
            if (fits == 0) {
                throw new IOException("No space left on device (injected, " + file.getFileName() + ")");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + fits);
            int n = position < 0 ? d.write(part) : d.write(part, position);
            src.position(src.position() + n);
            return n;
        }

        @Override public int write(ByteBuffer src) throws IOException { return limitedWrite(src, -1); }
        @Override public int write(ByteBuffer src, long position) throws IOException { return limitedWrite(src, position); }

        @Override public FileChannel truncate(long size) throws IOException {
            step("truncate", file);
            long before = d.size();
            d.truncate(size);
            synchronized (FaultyFileIo.this) {
                if (space != Long.MAX_VALUE && before > size) {
                    space += before - size;
                }
            }
            return this;
        }

        @Override public void force(boolean metaData) throws IOException {
            step("force", file);
            d.force(metaData);
        }

        @Override public int read(ByteBuffer dst) throws IOException { return d.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return d.read(dsts, offset, length); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public long position() throws IOException { return d.position(); }
        @Override public FileChannel position(long p) throws IOException { d.position(p); return this; }
        @Override public long size() throws IOException { return d.size(); }
        @Override public long transferTo(long p, long c, WritableByteChannel t) { throw new UnsupportedOperationException(); }
        @Override public long transferFrom(ReadableByteChannel s, long p, long c) { throw new UnsupportedOperationException(); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return d.read(dst, position); }
        @Override public MappedByteBuffer map(MapMode m, long p, long s) { throw new UnsupportedOperationException(); }
        @Override public FileLock lock(long p, long s, boolean shared) { throw new UnsupportedOperationException(); }
        @Override public FileLock tryLock(long p, long s, boolean shared) { throw new UnsupportedOperationException(); }
        @Override protected void implCloseChannel() throws IOException { d.close(); }
    }
}
