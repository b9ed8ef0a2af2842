package raft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import raft.core.Entry;
import raft.core.RaftStorage;
import raft.storage.SegmentedLogStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SegmentedLogStorage.persist() of one batch: record encoding, CRC32C, the write, and with
 * fsync=true the force(false) (then it measures the disk more than the code). Segments roll
 * at 64 MiB as in production; the directory is deleted after each trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendBench {
    @Param({"1", "64"})
    int batch;

    @Param({"16", "1024"})
    int valueBytes;

    @Param({"false"})
    boolean fsync;

    Path dir;
    SegmentedLogStorage log;
    long next;
    byte[] value;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("log-append-bench");
        log = new SegmentedLogStorage(dir,
                new SegmentedLogStorage.Options(SegmentedLogStorage.Options.defaults().segmentBytes(), fsync));
        log.recover();
        next = 1;
        value = new byte[valueBytes];
    }

    @Benchmark
    public long persistBatch() {
        List<Entry> entries = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            entries.add(new Entry(next++, 1, value));
        }
        log.persist(new RaftStorage.Update(1, 0, 0, entries, null));
        return next;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
