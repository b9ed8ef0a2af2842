package raft.storage;

import raft.core.RaftStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The machine's own fsync cost, as the log pays it: append 100 bytes, then
 * FileChannel.force(false). Benchmarks print it beside their latencies so readers can
 * tell how much of a commit is the disk.
 */
public final class FsyncProbe {
    /** Latencies in microseconds. */
    public record Result(int samples, double p50Micros, double p99Micros, double maxMicros) {
        @Override
        public String toString() {
            return String.format("fsync after 100-byte append: p50 %.1f us, p99 %.1f us, max %.1f us (%d samples)",
                    p50Micros, p99Micros, maxMicros, samples);
        }
    }

    private FsyncProbe() {}

    /** Usage: FsyncProbe [dir (default: current)] [samples (default 1000)]. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        System.out.println(measure(dir, samples));
        System.out.println("SegmentedLogStorage.persist of one 100-byte entry: "
                + measureLogAppend(dir, samples).toString().replaceFirst("^[^:]*: ", ""));
    }

    /** Measures in a scratch file inside dir (deleted afterwards); dir should be on the data disk. */
    public static Result measure(Path dir, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        long[] nanos = new long[samples];
        Path file = null;
        try {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "fsync-probe", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.allocate(100);
                for (int i = 0; i < samples; i++) {
                    buf.clear();
                    ch.write(buf);
                    long t0 = System.nanoTime();
                    ch.force(false);
                    nanos[i] = System.nanoTime() - t0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fsync probe failed in " + dir, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A leftover scratch file is harmless; the measurement stands.
                }
            }
        }
        Arrays.sort(nanos);
        return new Result(samples, percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.99) / 1e3,
                nanos[samples - 1] / 1e3);
    }

    /**
     * The same percentiles for a whole SegmentedLogStorage.persist() of one 100-byte entry
     * (record encoding, CRC32C, write and the one fsync of the batch), in a scratch directory
     * under dir that is deleted afterwards.
     */
    public static Result measureLogAppend(Path dir, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        long[] nanos = new long[samples];
        Path scratch;
        try {
            Files.createDirectories(dir);
            scratch = Files.createTempDirectory(dir, "log-probe");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory in " + dir, e);
        }
        try (SegmentedLogStorage log = new SegmentedLogStorage(scratch)) {
            log.recover();
            byte[] command = new byte[100];
            for (int i = 0; i < samples; i++) {
                RaftStorage.Update u = new RaftStorage.Update(1, 0, 0,
                        java.util.List.of(new raft.core.Entry(i + 1, 1, command)), null);
                long t0 = System.nanoTime();
                log.persist(u);
                nanos[i] = System.nanoTime() - t0;
            }
        } finally {
            deleteTree(scratch);
        }
        Arrays.sort(nanos);
        return new Result(samples, percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.99) / 1e3,
                nanos[samples - 1] / 1e3);
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Leftover scratch files are harmless; the measurement stands.
        }
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
