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
import raft.codec.MessageCodec;
import raft.core.Message;

import java.util.concurrent.TimeUnit;

/** MessageCodec on the hot messages: an AppendEntries of 64 entries and its reply. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {
    @Param({"16", "1024"})
    int valueBytes;

    Message append;
    byte[] appendBytes;
    Message reply;
    byte[] replyBytes;

    @Setup
    public void setup() {
        append = Messages.append(7, 100_000, Messages.entries(100_001, 64, 7, valueBytes), 100_000);
        appendBytes = MessageCodec.encode(append);
        reply = new Message.AppendEntriesReply(1, 0, 7, true, 100_064, 0, 0);
        replyBytes = MessageCodec.encode(reply);
    }

    @Benchmark
    public byte[] encodeAppendEntries64() {
        return MessageCodec.encode(append);
    }

    @Benchmark
    public Message decodeAppendEntries64() {
        return MessageCodec.decode(appendBytes);
    }

    @Benchmark
    public byte[] encodeReply() {
        return MessageCodec.encode(reply);
    }

    @Benchmark
    public Message decodeReply() {
        return MessageCodec.decode(replyBytes);
    }
}
