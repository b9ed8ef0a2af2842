package raft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import raft.core.Entry;
import raft.core.RaftConfig;
import raft.core.RaftCore;
import raft.core.RaftStorage;
import raft.core.Ready;
import raft.core.Tracer;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * RaftCore.step on a follower for an AppendEntries of 64 new entries (committing the previous
 * batch), then ready() and persisted() as the node does: the core's whole share of a
 * replicated batch. The entries are built per call, as decoding builds them. The log is
 * compacted every 1024 batches so it stays small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBench {
    @Param({"16", "1024"})
    int valueBytes;

    RaftCore follower;
    long last;
    long batches;
    byte[] value;

    @Setup
    public void setup() {
        follower = new RaftCore(1, 3, RaftConfig.defaults(), RaftStorage.Recovered.empty(), new SplittableRandom(1),
                Tracer.NONE);
        last = 0;
        value = new byte[valueBytes];
    }

    @Benchmark
    public Ready stepAppendEntries64() {
        List<Entry> entries = new java.util.ArrayList<>(64);
        for (int i = 1; i <= 64; i++) {
            entries.add(new Entry(last + i, 1, value));
        }
        follower.step(Messages.append(1, last, entries, last));
        last += 64;
        Ready r = follower.ready();
        follower.persisted(r);
        if (++batches % 1024 == 0) {
            follower.snapshot(follower.commitIndex(), value);
            follower.persisted(follower.ready());
        }
        return r;
    }
}
