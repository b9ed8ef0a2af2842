package raft.transport;

import raft.core.Message;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/** N loopback transports in one JVM, each delivering into its own queue. */
final class Cluster implements AutoCloseable {
    static final String ID = "test-cluster";
    static final Duration WAIT = Duration.ofSeconds(20);

    final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    final List<NettyTransport> nodes = new ArrayList<>();
    final List<BlockingQueue<Message>> inboxes = new ArrayList<>();
    private final UnaryOperator<TransportConfig> tweak;

    Cluster(int n, UnaryOperator<TransportConfig> tweak) {
        this.tweak = tweak;
        for (int i = 0; i < n; i++) {
            addresses.put(i, RoundTripProbe.freeLoopbackAddress());
        }
        for (int i = 0; i < n; i++) {
            nodes.add(null);
            inboxes.add(new LinkedBlockingQueue<>());
            restart(i);
        }
    }

    TransportConfig config(int id) {
        return tweak.apply(TransportConfig.of(ID, id, addresses.get(id), addresses).withBackoff(10, 100));
    }

    /** (Re)starts node id on its fixed address with a fresh inbox. */
    NettyTransport restart(int id) {
        NettyTransport old = nodes.get(id);
        if (old != null) {
            old.close();
        }
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        inboxes.set(id, inbox);
        NettyTransport t = new NettyTransport(config(id), WireCodec.RAFT, inbox::add).start();
        nodes.set(id, t);
        return t;
    }

    NettyTransport node(int id) {
        return nodes.get(id);
    }

    void awaitAllConnected() {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = 0; j < nodes.size(); j++) {
                if (i != j) {
                    int from = i;
                    int to = j;
                    await(() -> node(from).isConnected(to), "node " + from + " connected to " + to);
                }
            }
        }
    }

    Message receive(int id) throws InterruptedException {
        Message m = inboxes.get(id).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            fail("node " + id + " received nothing within " + WAIT);
        }
        return m;
    }

    /** Bounded wait for a condition that must become true; fails with what was awaited. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT + " waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }

    @Override
    public void close() {
        for (NettyTransport t : nodes) {
            if (t != null) {
                t.close();
            }
        }
    }
}
