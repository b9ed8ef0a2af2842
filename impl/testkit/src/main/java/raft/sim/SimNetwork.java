package raft.sim;

import raft.core.Message;
import raft.node.Scheduler;
import raft.node.Transport;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * The lab's labrpc network, for one-way request and reply messages.
 *
 * A request from i to j travels over i's end to j; its reply travels back over that same
 * end, so the labrpc rules carry over: every request is counted (RPC total, per-server
 * count of the instance that handles it, request bytes) even when it is lost; a request is
 * only handed to a live, reachable server; in unreliable mode requests wait 0..26 ms and
 * 10% of requests and of replies are lost; with long reordering 2/3 of replies are late by
 * 200..2200 ms; and no reply from an instance that was since killed or replaced, or over an
 * end that was since disabled, is ever delivered. Every server instance has a generation:
 * a restart gets fresh ends (a new generation), and the old instance's ends are dead.
 *
 * Thread-safe: in real time, sends and deliveries run on many threads.
 */
public final class SimNetwork {

    /** Hook for the trace digest and for progress counters. */
    public interface Observer {
        void event(int kind, Message m);

        Observer NONE = (kind, m) -> {
        };
    }

    /** Observer kinds. */
    public static final int SENT = 1, DELIVERED = 2, DROPPED = 3, UNREACHABLE = 4, DEAD_REPLY = 5, DELAYED = 6;

    private final int n;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final ToIntFunction<Message> sizer;
    private final Observer observer;

    private final boolean[][] enabled;
    private final int[] generation;
    private final int[][] requesterGeneration;
    @SuppressWarnings("unchecked")
    private final Consumer<Message>[] servers;
    private final long[] rpcCount;
    private boolean reliable = true;
    private boolean longReordering;
    private boolean closed;
    private long rpcTotal;
    private long bytesTotal;
    private long dropped;
    private long delivered;

    @SuppressWarnings("unchecked")
    public SimNetwork(int n, Scheduler scheduler, RandomGenerator random, ToIntFunction<Message> sizer,
                      Observer observer) {
        this.n = n;
        this.scheduler = scheduler;
        this.random = random;
        this.sizer = sizer;
        this.observer = observer;
        this.enabled = new boolean[n][n];
        this.generation = new int[n];
        this.requesterGeneration = new int[n][n];
        this.servers = new Consumer[n];
        this.rpcCount = new long[n];
    }

    public int size() {
        return n;
    }

    /** A new generation of server i's ends (fresh identities); nothing routes to it until {@link #addServer}. */
    public synchronized int newGeneration(int i) {
        generation[i]++;
        servers[i] = null;
        rpcCount[i] = 0;
        return generation[i];
    }

    /** The outbound side of instance (i, gen). Messages of older generations go nowhere. */
    public Transport transport(int i, int gen) {
        return m -> send(i, gen, m);
    }

    public synchronized void addServer(int i, int gen, Consumer<Message> handler) {
        if (generation[i] == gen) {
            servers[i] = handler;
            rpcCount[i] = 0;
        }
    }

    /** The server object is gone: in-flight requests are lost and its replies suppressed. */
    public synchronized void deleteServer(int i) {
        servers[i] = null;
    }

    public synchronized void enable(int from, int to, boolean on) {
        enabled[from][to] = on;
    }

    public synchronized void setReliable(boolean yes) {
        reliable = yes;
    }

    public synchronized void setLongReordering(boolean yes) {
        longReordering = yes;
    }

    public synchronized void close() {
        closed = true;
    }

    public synchronized long rpcTotal() {
        return rpcTotal;
    }

    public synchronized long bytesTotal() {
        return bytesTotal;
    }

    /** Requests handed to the handler of server i's current instance. */
    public synchronized long rpcCount(int i) {
        return rpcCount[i];
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized long delivered() {
        return delivered;
    }

    private void send(int from, int gen, Message m) {
        if (m.to() < 0 || m.to() >= n || m.from() != from) {
            throw new IllegalArgumentException("bad addressing from server " + from + ": " + m);
        }
        if (m.isRequest()) {
            sendRequest(from, gen, m);
        } else {
            sendReply(from, gen, m);
        }
    }

    private void sendRequest(int from, int gen, Message m) {
        int to = m.to();
        long delay;
        int targetGen;
        synchronized (this) {
            if (closed) {
                return;
            }
            rpcTotal++;
            bytesTotal += sizer.applyAsInt(m);
            observer.event(SENT, m);
            if (generation[from] != gen || !enabled[from][to] || servers[to] == null) {
                // labrpc fails such a call after a long delay; with one-way messages it is just lost
                dropped++;
                observer.event(UNREACHABLE, m);
                return;
            }
            targetGen = generation[to];
            delay = 0;
            if (!reliable) {
                delay = random.nextInt(27);
                if (random.nextInt(1000) < 100) {
                    dropped++;
                    observer.event(DROPPED, m);
                    return;
                }
            }
        }
        scheduleDelivery(delay, () -> deliverRequest(from, gen, to, targetGen, m));
    }

    private void deliverRequest(int from, int fromGen, int to, int targetGen, Message m) {
        Consumer<Message> handler;
        synchronized (this) {
            handler = servers[to];
            if (closed || handler == null || generation[to] != targetGen) {
                dropped++;
                observer.event(DEAD_REPLY, m);
                return;
            }
            rpcCount[to]++;
            requesterGeneration[to][from] = fromGen;
            delivered++;
            observer.event(DELIVERED, m);
        }
        handler.accept(m);
    }

    private void sendReply(int from, int gen, Message m) {
        int to = m.to();
        long delay = 0;
        boolean late = false;
        int requesterGen;
        synchronized (this) {
            if (closed) {
                return;
            }
            requesterGen = requesterGeneration[from][to];
            // the requester's end to->from, of the generation that asked, must still be enabled,
            // and the replying instance must still be the registered one
            boolean dead = generation[from] != gen || servers[from] == null || generation[to] != requesterGen
                    || !enabled[to][from];
            if (dead) {
                dropped++;
                observer.event(DEAD_REPLY, m);
                return;
            }
            if (!reliable && random.nextInt(1000) < 100) {
                dropped++;
                observer.event(DROPPED, m);
                return;
            }
            if (longReordering && random.nextInt(900) < 600) {
                delay = 200 + random.nextInt(1 + random.nextInt(2001));
                late = true;
                observer.event(DELAYED, m);
            } else {
                bytesTotal += sizer.applyAsInt(m);
            }
        }
        boolean countLate = late;
        scheduleDelivery(delay, () -> deliverReply(to, requesterGen, m, countLate));
    }

    private void deliverReply(int to, int requesterGen, Message m, boolean countBytes) {
        Consumer<Message> handler;
        synchronized (this) {
            if (countBytes) {
                bytesTotal += sizer.applyAsInt(m);
            }
            handler = servers[to];
            if (closed || handler == null || generation[to] != requesterGen) {
                dropped++;
                observer.event(DEAD_REPLY, m);
                return;
            }
            delivered++;
            observer.event(DELIVERED, m);
        }
        handler.accept(m);
    }

    private void scheduleDelivery(long delay, Runnable r) {
        if (scheduler instanceof VirtualTime vt) {
            vt.schedule(delay, VirtualTime.DELIVERY, r);
        } else {
            scheduler.schedule(delay, r);
        }
    }

    @Override
    public synchronized String toString() {
        return "SimNetwork{n=" + n + ", reliable=" + reliable + ", gens=" + Arrays.toString(generation) + "}";
    }
}
