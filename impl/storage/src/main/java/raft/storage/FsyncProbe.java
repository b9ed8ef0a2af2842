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
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        System.out.println(measure(dir, samples));
        System.out.println("SegmentedLogStorage.persist of one 100-byte entry: "
                + measureLogAppend(dir, samples).toString().replaceFirst("^[^:]*: ", ""));
        for (int writers = 2; writers <= 3; writers++) {
            System.out.println(measureShared(dir, writers, samples));
        }
    }

    /** Measures in a scratch file inside dir (deleted afterwards); dir should be on the data disk. */
    public static Result measure(Path dir, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        long[] nanos = new long[samples];
        appendAndForce(dir, nanos, 0, samples);
        return summary(nanos);
    }

    /** fsyncs with several writers at once, each on its own file: their latency and how many the disk did per second. */
    public record Shared(int writers, Result latency, double fsyncsPerSecond) {
        @Override
        public String toString() {
            return String.format("fsync with %d writers at once: p50 %.1f us, p99 %.1f us, %.0f fsyncs/s in all",
                    writers, latency.p50Micros(), latency.p99Micros(), fsyncsPerSecond);
        }
    }

    /**
     * As {@link #measure}, with writers threads appending and forcing at once, each on its own
     * scratch file: what the nodes of a one-machine cluster pay when they fsync together. On
     * a disk that completes flushes one or two at a time the latency grows with the writers
     * while the flushes per second stay near a ceiling; a benchmark bound by that ceiling gains
     * only from fewer fsyncs per operation.
     */
    public static Shared measureShared(Path dir, int writers, int samplesEach) throws InterruptedException {
        if (writers < 1 || samplesEach < 1) {
            throw new IllegalArgumentException("writers and samples must be >= 1, got " + writers + " and " + samplesEach);
        }
        long[] nanos = new long[writers * samplesEach];
        RuntimeException[] failure = new RuntimeException[1];
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int from = w * samplesEach;
            threads[w] = new Thread(() -> {
                try {
                    start.await();
                    appendAndForce(dir, nanos, from, samplesEach);
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fsync-probe-" + w);
            threads[w].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Shared(writers, summary(nanos), nanos.length / seconds);
    }

    /** Appends 100 bytes and forces, count times, into nanos[from..]: a scratch file in dir, deleted afterwards. */
    private static void appendAndForce(Path dir, long[] nanos, int from, int count) {
        Path file = null;
        try {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "fsync-probe", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.allocate(100);
                for (int i = from; i < from + count; i++) {
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
        return summary(nanos);
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

    /** Sorts nanos in place and gives its p50, p99 and max in microseconds. */
    private static Result summary(long[] nanos) {
        Arrays.sort(nanos);
        return new Result(nanos.length, percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.99) / 1e3,
                nanos[nanos.length - 1] / 1e3);
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
