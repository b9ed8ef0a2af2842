package raft.transport;

import raft.core.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Loopback round trip of the node transport: two transports in this JVM, one
 * RequestVote out and its reply back, one at a time. Benchmarks print it beside
 * their commit latencies (a commit needs at least one such round trip).
 */
public final class RoundTripProbe {
    public record Result(int samples, double p50Micros, double p99Micros) {
        @Override
        public String toString() {
            return String.format("transport round trip (loopback): p50 %.1f us, p99 %.1f us (%d samples)",
                    p50Micros, p99Micros, samples);
        }
    }

    private RoundTripProbe() {}

    /** Usage: RoundTripProbe [samples (default 5000)]. */
    public static void main(String[] args) throws InterruptedException {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        System.out.println(measure(WireCodec.RAFT, Math.min(samples, 2000), samples));
    }

    public static Result measure(WireCodec codec, int warmup, int samples) throws InterruptedException {
        InetSocketAddress a = freeLoopbackAddress();
        InetSocketAddress b = freeLoopbackAddress();
        Map<Integer, InetSocketAddress> peers = Map.of(0, a, 1, b);
        BlockingQueue<Message> replies = new ArrayBlockingQueue<>(16);
        NettyTransport[] server = new NettyTransport[1];
        try (NettyTransport ta = new NettyTransport(TransportConfig.of("probe", 0, a, peers), codec, replies::add);
             NettyTransport tb = new NettyTransport(TransportConfig.of("probe", 1, b, peers), codec,
                     m -> server[0].send(new Message.RequestVoteReply(1, 0, m.term(), true)))) {
            server[0] = tb;
            ta.start();
            tb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(ta.isConnected(1) && tb.isConnected(0))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("loopback transports did not connect within 10 s");
                }
                Thread.sleep(1);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < warmup + samples; i++) {
                long t0 = System.nanoTime();
                ta.send(new Message.RequestVote(0, 1, i + 1, 0, 0));
                Message reply = replies.poll(5, TimeUnit.SECONDS);
                if (reply == null || reply.term() != i + 1) {
                    throw new IllegalStateException("round trip " + i + " got " + reply);
                }
                if (i >= warmup) {
                    nanos[i - warmup] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(nanos);
            return new Result(samples, nanos[(samples - 1) / 2] / 1e3,
                    nanos[Math.max(0, (int) Math.ceil(samples * 0.99) - 1)] / 1e3);
        }
    }

    /** An unused port on 127.0.0.1 (free when checked; fine for tests and probes). */
    public static InetSocketAddress freeLoopbackAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
