package raft.lab;

import raft.node.Replica;
import raft.core.ApplyMsg;
import raft.core.StartResult;
import raft.node.TermState;
import raft.codec.MessageCodec;
import raft.sim.SimNetwork;
import raft.persister.MemoryPersister;
import raft.sim.TraceDigest;
import raft.sim.VirtualTime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The lab tester's config (make_config, start1, crash1, connect, the appliers, one, wait,
 * nCommitted, checkOneLeader, checkTerms, checkNoLeader, LogSize, begin/end), over a
 * {@link LabClock}. Rule kept from the Go tester: no call into a peer is made while the
 * config lock is held, because appliers take that lock from inside the peer's apply path.
 */
public final class LabConfig {
    public static final long ELECTION_TIMEOUT = 1000;
    public static final int SNAPSHOT_INTERVAL = 10;
    public static final int MAX_LOG_SIZE = 2000;
    private static final long TEST_LIMIT_MILLIS = 120_000;

    private final ReentrantLock mu = new ReentrantLock();
    private final LabClock clock;
    private final PeerFactory factory;
    private final PrintStream out;
    private final int n;
    private final SimNetwork net;
    private final Replica[] rafts;
    private final int[] generation;
    private final String[] applyErr;
    private final boolean[] connected;
    private final MemoryPersister[] saved;
    private final List<Map<Long, Object>> logs = new ArrayList<>();
    private final long[] lastApplied;
    private final boolean snapshotMode;
    private final long start;
    private volatile boolean finished;
    private long maxIndex;
    private long maxIndex0;
    private long t0;
    private long rpcs0;
    private long bytes0;
    private int startsRotation;
    private String description = "";
    private volatile java.util.function.BiConsumer<Integer, Long> applyListener;
    private volatile boolean compactSnapshots;

    public LabConfig(LabClock clock, PeerFactory factory, PrintStream out, int n, boolean unreliable,
                     boolean snapshot) {
        this.clock = clock;
        this.factory = factory;
        this.out = out;
        this.n = n;
        this.snapshotMode = snapshot;
        SimNetwork.Observer observer = SimNetwork.Observer.NONE;
        if (clock.isVirtual()) {
            VirtualTime vt = ((VirtualClock) clock).time();
            observer = (kind, m) -> vt.digest().add(100 + kind, vt.nowMillis(), TraceDigest.hash(m));
        }
        this.net = new SimNetwork(n, clock.scheduler(), clock.networkRandom(), MessageCodec::encodedSize, observer);
        this.rafts = new Replica[n];
        this.generation = new int[n];
        this.applyErr = new String[n];
        this.connected = new boolean[n];
        this.saved = new MemoryPersister[n];
        this.lastApplied = new long[n];
        for (int i = 0; i < n; i++) {
            logs.add(new HashMap<>());
        }
        net.setReliable(!unreliable);
        // long delays are always on in the Raft tester; with one-way messages an unreachable
        // request is simply lost, which is what a caller of a 0..7 s failing call observes
        this.start = clock.nowMillis();
        for (int i = 0; i < n; i++) {
            start1(i);
        }
        for (int i = 0; i < n; i++) {
            connect(i);
        }
    }

    public int n() {
        return n;
    }

    public LabClock clock() {
        return clock;
    }

    public SimNetwork net() {
        return net;
    }

    // ---- server lifecycle -------------------------------------------------------------

    /** Crash-and-restart (or first start) of server i; does not connect it. */
    public void start1(int i) {
        crash1(i);
        int gen;
        MemoryPersister persister;
        mu.lock();
        try {
            persister = saved[i] != null ? saved[i].copy() : new MemoryPersister();
            saved[i] = persister;
            lastApplied[i] = 0;
            byte[] snap = persister.readSnapshot();
            if (snapshotMode && snap.length > 0) {
                String err = ingestSnapshot(i, snap, -1);
                if (err != null) {
                    fatal(err);
                }
            }
            gen = net.newGeneration(i);
            generation[i] = gen;
        } finally {
            mu.unlock();
        }
        Replica[] self = new Replica[1];
        Consumer<ApplyMsg> applier = snapshotMode ? m -> applySnap(i, self[0], m) : m -> apply(i, m);
        Replica peer = factory.create(i, n, persister, net.transport(i, gen), applier, clock.scheduler(),
                clock.applyExecutor(i + "." + gen), clock.nodeRandom(i, gen));
        self[0] = peer;
        mu.lock();
        try {
            rafts[i] = peer;
        } finally {
            mu.unlock();
        }
        net.addServer(i, gen, peer::receive);
    }

    /** Crash server i, keeping only what it had persisted (its successor gets a copy). */
    public void crash1(int i) {
        disconnect(i);
        net.deleteServer(i);
        Replica rf;
        mu.lock();
        try {
            if (saved[i] != null) {
                saved[i] = saved[i].copy();
            }
            rf = rafts[i];
            rafts[i] = null;
        } finally {
            mu.unlock();
        }
        if (rf != null) {
            rf.kill();
        }
    }

    public void connect(int i) {
        mu.lock();
        try {
            connected[i] = true;
            for (int j = 0; j < n; j++) {
                if (connected[j]) {
                    net.enable(i, j, true);
                    net.enable(j, i, true);
                }
            }
        } finally {
            mu.unlock();
        }
    }

    public void disconnect(int i) {
        mu.lock();
        try {
            connected[i] = false;
            for (int j = 0; j < n; j++) {
                net.enable(i, j, false);
                net.enable(j, i, false);
            }
        } finally {
            mu.unlock();
        }
    }

    public boolean connected(int i) {
        mu.lock();
        try {
            return connected[i];
        } finally {
            mu.unlock();
        }
    }

    /** The live instance of server i, or null when crashed. */
    public Replica raft(int i) {
        mu.lock();
        try {
            return rafts[i];
        } finally {
            mu.unlock();
        }
    }

    public void setUnreliable(boolean unreliable) {
        net.setReliable(!unreliable);
    }

    public void setLongReordering(boolean on) {
        net.setLongReordering(on);
    }

    public long rpcCount(int i) {
        return net.rpcCount(i);
    }

    public long rpcTotal() {
        return net.rpcTotal();
    }

    public long bytesTotal() {
        return net.bytesTotal();
    }

    /** The largest persisted Raft-state size over all servers (the snapshot is not counted). */
    public int logSize() {
        int max = 0;
        mu.lock();
        try {
            for (MemoryPersister p : saved) {
                if (p != null) {
                    max = Math.max(max, p.raftStateSize());
                }
            }
        } finally {
            mu.unlock();
        }
        return max;
    }

    // ---- appliers --------------------------------------------------------------------

    /** checkLogs of the Go tester; returns an error message or null. Caller holds mu. */
    private String checkLogs(int i, long index, Object v, boolean[] prevok) {
        for (int j = 0; j < logs.size(); j++) {
            Object old = logs.get(j).get(index);
            if (old != null && !old.equals(v)) {
                return String.format("commit index=%d server=%d %s != server=%d %s", index, i, v, j, old);
            }
        }
        prevok[0] = logs.get(i).containsKey(index - 1);
        logs.get(i).put(index, v);
        if (index > maxIndex) {
            maxIndex = index;
        }
        return null;
    }

    /**
     * What the appliers record for a log entry: the decoded command, or for a configuration
     * entry a string naming it, so servers must agree on configuration entries too.
     */
    private static Object value(ApplyMsg m) {
        if (m instanceof ApplyMsg.Config k) {
            return "config voters=" + k.membership().voters().stream().map(x -> x.id()).toList() + " learners="
                    + k.membership().learners().stream().map(x -> x.id()).toList();
        }
        return Commands.decode(((ApplyMsg.Command) m).command());
    }

    /** The value server i applied at index, or null if it has not (test checks after the fact). */
    public Object applied(int i, long index) {
        mu.lock();
        try {
            return logs.get(i).get(index);
        } finally {
            mu.unlock();
        }
    }

    private void apply(int i, ApplyMsg m) {
        if (m instanceof ApplyMsg.Snapshot) {
            return; // the plain applier ignores snapshots
        }
        ApplyMsg c = m;
        Object v = value(m);
        String err;
        mu.lock();
        try {
            boolean[] prevok = new boolean[1];
            err = checkLogs(i, c.index(), v, prevok);
            if (err == null && c.index() > 1 && !prevok[0]) {
                err = String.format("server %d apply out of order %d", i, c.index());
            }
            if (err != null) {
                applyErr[i] = err;
            }
        } finally {
            mu.unlock();
        }
        if (err != null) {
            fatal("apply error: " + err);
        }
        notifyApplied(i, c.index());
    }

    /**
     * Snapshots hold only the value at their index (the V2021 tester's form) instead of the whole
     * history, so long simulations keep both the Raft state and the snapshot small.
     */
    public void setCompactSnapshots(boolean on) {
        this.compactSnapshots = on;
    }

    /** For benchmarks: called after server i applied index (outside the config lock). */
    public void setApplyListener(java.util.function.BiConsumer<Integer, Long> listener) {
        this.applyListener = listener;
    }

    private void notifyApplied(int i, long index) {
        var l = applyListener;
        if (l != null) {
            l.accept(i, index);
        }
    }

    /** Caller holds mu. index -1 means "don't check" (a snapshot read at restart). */
    private String ingestSnapshot(int i, byte[] snapshot, long index) {
        if (snapshot == null) {
            return "nil snapshot";
        }
        Commands.Snapshot s;
        try {
            s = Commands.decodeSnapshot(snapshot);
        } catch (RuntimeException e) {
            return "snapshot decode error: " + e.getMessage();
        }
        if (index != -1 && index != s.lastIncludedIndex()) {
            return String.format("server %d snapshot doesn't match m.SnapshotIndex", i);
        }
        logs.set(i, new HashMap<>(s.history()));
        lastApplied[i] = s.lastIncludedIndex();
        return null;
    }

    private void applySnap(int i, Replica rf, ApplyMsg m) {
        String err = null;
        if (m instanceof ApplyMsg.Snapshot s) {
            mu.lock();
            try {
                err = ingestSnapshot(i, s.snapshot(), s.index());
            } finally {
                mu.unlock();
            }
        } else {
            ApplyMsg c = m;
            Object v = value(m);
            byte[] snap = null;
            mu.lock();
            try {
                if (c.index() != lastApplied[i] + 1) {
                    err = String.format("server %d apply out of order, expected index %d, got %d", i,
                            lastApplied[i] + 1, c.index());
                }
                if (err == null) {
                    boolean[] prevok = new boolean[1];
                    err = checkLogs(i, c.index(), v, prevok);
                    if (err == null && c.index() > 1 && !prevok[0]) {
                        err = String.format("server %d apply out of order %d", i, c.index());
                    }
                }
                lastApplied[i] = c.index();
                if (err == null && (c.index() + 1) % SNAPSHOT_INTERVAL == 0) {
                    snap = Commands.encodeSnapshot(c.index(), compactSnapshots ? c.index() : 0, logs.get(i));
                }
            } finally {
                mu.unlock();
            }
            if (snap != null) {
                // synchronously, from the apply path, without the config lock (as the lab does)
                rf.snapshot(c.index(), snap);
            }
        }
        if (err != null) {
            mu.lock();
            try {
                applyErr[i] = err;
            } finally {
                mu.unlock();
            }
            fatal("apply error: " + err);
        }
    }

    // ---- checks ----------------------------------------------------------------------

    /** Records a failure for the whole run (other threads see it) and throws it here. */
    public void fatal(String message) {
        LabFailure f = new LabFailure(message);
        clock.fail(f);
        throw f;
    }

    public void sleep(long millis) {
        clock.sleep(millis);
    }

    public int randInt(int bound) {
        return clock.random().nextInt(bound);
    }

    /** Go's rand.Int(): a non-negative 63-bit value. */
    public long rand() {
        return clock.random().nextLong() & Long.MAX_VALUE;
    }

    public String randString(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder b = new StringBuilder(length);
        for (int k = 0; k < length; k++) {
            b.append(alphabet.charAt(clock.random().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    public int checkOneLeader() {
        for (int iters = 0; iters < 10; iters++) {
            sleep(450 + randInt(100));
            TreeMap<Long, List<Integer>> leaders = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Replica rf = connectedPeer(i);
                if (rf != null) {
                    TermState s = rf.state();
                    if (s.isLeader()) {
                        leaders.computeIfAbsent(s.term(), t -> new ArrayList<>()).add(i);
                    }
                }
            }
            for (Map.Entry<Long, List<Integer>> e : leaders.entrySet()) {
                if (e.getValue().size() > 1) {
                    fatal(String.format("term %d has %d (>1) leaders", e.getKey(), e.getValue().size()));
                }
            }
            if (!leaders.isEmpty()) {
                return leaders.lastEntry().getValue().get(0);
            }
        }
        fatal("expected one leader, got none");
        return -1;
    }

    public long checkTerms() {
        long term = -1;
        for (int i = 0; i < n; i++) {
            Replica rf = connectedPeer(i);
            if (rf != null) {
                long xterm = rf.state().term();
                if (term == -1) {
                    term = xterm;
                } else if (term != xterm) {
                    fatal("servers disagree on term");
                }
            }
        }
        return term;
    }

    public void checkNoLeader() {
        for (int i = 0; i < n; i++) {
            Replica rf = connectedPeer(i);
            if (rf != null && rf.state().isLeader()) {
                fatal(String.format("expected no leader among connected servers, but %d claims to be leader", i));
            }
        }
    }

    private Replica connectedPeer(int i) {
        mu.lock();
        try {
            return connected[i] ? rafts[i] : null;
        } finally {
            mu.unlock();
        }
    }

    /** How many servers have applied index, and the value. */
    public record Committed(int count, Object value) {}

    public Committed nCommitted(long index) {
        clock.checkFailure();
        mu.lock();
        try {
            int count = 0;
            Object cmd = null;
            for (int i = 0; i < n; i++) {
                if (applyErr[i] != null) {
                    throw new LabFailure(applyErr[i]);
                }
                Object v = logs.get(i).get(index);
                if (v != null) {
                    if (count > 0 && !cmd.equals(v)) {
                        throw new LabFailure(String.format("committed values do not match: index %d, %s, %s",
                                index, cmd, v));
                    }
                    count++;
                    cmd = v;
                }
            }
            return new Committed(count, cmd);
        } finally {
            mu.unlock();
        }
    }

    /** Waits for at least count servers to apply index; -1L when the term moved past startTerm. */
    public Object waitFor(long index, int count, long startTerm) {
        long to = 10;
        for (int iters = 0; iters < 30; iters++) {
            if (nCommitted(index).count() >= count) {
                break;
            }
            sleep(to);
            if (to < 1000) {
                to *= 2;
            }
            if (startTerm > -1) {
                for (int i = 0; i < n; i++) {
                    Replica rf = raft(i);
                    if (rf != null && rf.state().term() > startTerm) {
                        return -1L;
                    }
                }
            }
        }
        Committed c = nCommitted(index);
        if (c.count() < count) {
            fatal(String.format("only %d decided for index %d; wanted %d", c.count(), index, count));
        }
        return c.value();
    }

    /** Submits cmd until it is applied by at least expectedServers servers; returns its index. */
    public long one(Object cmd, int expectedServers, boolean retry) {
        long t0 = clock.nowMillis();
        byte[] bytes = Commands.encode(cmd);
        while (clock.nowMillis() - t0 < 10_000 && !finished) {
            long index = -1;
            for (int si = 0; si < n; si++) {
                Replica rf;
                mu.lock();
                try {
                    startsRotation = (startsRotation + 1) % n;
                    rf = connected[startsRotation] ? rafts[startsRotation] : null;
                } finally {
                    mu.unlock();
                }
                if (rf != null) {
                    StartResult r = rf.start(bytes);
                    if (r.isLeader()) {
                        index = r.index();
                        break;
                    }
                }
            }
            if (index != -1) {
                long t1 = clock.nowMillis();
                while (clock.nowMillis() - t1 < 2000) {
                    Committed c = nCommitted(index);
                    if (c.count() > 0 && c.count() >= expectedServers && cmd.equals(c.value())) {
                        return index;
                    }
                    sleep(20);
                }
                if (!retry) {
                    fatal(String.format("one(%s) failed to reach agreement", shortForm(cmd)));
                }
            } else {
                sleep(50);
            }
        }
        if (!finished) {
            fatal(String.format("one(%s) failed to reach agreement", shortForm(cmd)));
        }
        return -1;
    }

    private static String shortForm(Object cmd) {
        String s = String.valueOf(cmd);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    // ---- begin / end / cleanup --------------------------------------------------------

    public void begin(String description) {
        this.description = description;
        out.println(description + " ...");
        t0 = clock.nowMillis();
        rpcs0 = rpcTotal();
        bytes0 = bytesTotal();
        mu.lock();
        try {
            maxIndex0 = maxIndex;
        } finally {
            mu.unlock();
        }
    }

    public void end() {
        checkTimeout();
        clock.checkFailure();
        double t = (clock.nowMillis() - t0) / 1000.0;
        long nrpc = rpcTotal() - rpcs0;
        long nbytes = bytesTotal() - bytes0;
        long ncmds;
        mu.lock();
        try {
            ncmds = maxIndex - maxIndex0;
        } finally {
            mu.unlock();
        }
        out.printf("  ... Passed --  %4.1f  %d %4d %7d %4d%n", t, n, nrpc, nbytes, ncmds);
    }

    public String description() {
        return description;
    }

    private void checkTimeout() {
        if (clock.nowMillis() - start > TEST_LIMIT_MILLIS) {
            fatal("test took longer than 120 seconds");
        }
    }

    /** Kills every live instance and closes the network. */
    public void cleanup() {
        finished = true;
        for (int i = 0; i < n; i++) {
            Replica rf;
            mu.lock();
            try {
                rf = rafts[i];
            } finally {
                mu.unlock();
            }
            if (rf != null) {
                try {
                    rf.kill();
                } catch (RuntimeException e) {
                    // a broken kill() must not hide the test's own verdict
                }
            }
        }
        net.close();
    }

    /** The highest index any server has applied. */
    public long maxIndex() {
        mu.lock();
        try {
            return maxIndex;
        } finally {
            mu.unlock();
        }
    }

    public boolean finished() {
        return finished;
    }
}
