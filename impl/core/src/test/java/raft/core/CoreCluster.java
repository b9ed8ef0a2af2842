package raft.core;

import raft.core.ApplyMsg;
import raft.core.RaftConfig;
import raft.persister.MemoryPersister;
import raft.persister.PersisterStorage;
import raft.core.RaftStorage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A test-only cluster of cores wired through a FIFO message queue: deterministic, with
 * persistence through PersisterStorage so restarts exercise the real storage path.
 * It checks the applier rules (same value per index everywhere, in order, once) as it goes.
 */
final class CoreCluster {
    final int n;
    final RaftConfig config = RaftConfig.defaults();
    final RaftCore[] cores;
    final MemoryPersister[] persisters;
    final PersisterStorage[] storages;
    final boolean[] up;
    final ArrayDeque<Message> network = new ArrayDeque<>();
    final List<Message> sent = new ArrayList<>();
    final Map<Long, byte[]> committed = new HashMap<>();
    final long[] applied;
    final SplittableRandom random;
    Predicate<Message> drop = m -> false;

    CoreCluster(int n, long seed) {
        this.n = n;
        this.random = new SplittableRandom(seed);
        cores = new RaftCore[n];
        persisters = new MemoryPersister[n];
        storages = new PersisterStorage[n];
        up = new boolean[n];
        applied = new long[n];
        for (int i = 0; i < n; i++) {
            persisters[i] = new MemoryPersister();
            start(i);
        }
    }

    void start(int i) {
        storages[i] = new PersisterStorage(persisters[i]);
        cores[i] = new RaftCore(i, n, config, storages[i].recover(), random.split(), Tracer.NONE);
        up[i] = true;
        applied[i] = cores[i].snapshotIndex();
        drain(i);
    }

    void crash(int i) {
        up[i] = false;
        persisters[i] = persisters[i].copy();
    }

    void drain(int i) {
        Ready r = cores[i].ready();
        if (r.update() != null) {
            storages[i].persist(r.update());
            cores[i].persisted(r);
        }
        for (Message m : r.messages()) {
            sent.add(m);
            network.add(m);
        }
        for (ApplyMsg a : r.applies()) {
            if (a instanceof ApplyMsg.Command c) {
                if (c.index() != applied[i] + 1) {
                    throw new AssertionError("node " + i + " applied " + c.index() + " after " + applied[i]);
                }
                byte[] prev = committed.putIfAbsent(c.index(), c.command());
                if (prev != null && !java.util.Arrays.equals(prev, c.command())) {
                    throw new AssertionError("index " + c.index() + " committed with two values");
                }
            } else if (a.index() <= applied[i]) {
                throw new AssertionError("node " + i + " got snapshot " + a.index() + " after applying " + applied[i]);
            }
            applied[i] = a.index();
        }
        if (r.flushWanted()) {
            cores[i].flush();
            drain(i);
        }
        if (r.update() != null) {
            drain(i);
        }
    }

    void deliverAll() {
        int guard = 0;
        while (!network.isEmpty()) {
            if (++guard > 1_000_000) {
                throw new AssertionError("message storm");
            }
            Message m = network.poll();
            if (up[m.to()] && up[m.from()] && !drop.test(m)) {
                cores[m.to()].step(m);
                drain(m.to());
            }
        }
    }

    void tick(int i) {
        if (up[i]) {
            cores[i].tick();
            drain(i);
        }
    }

    /** Ticks every live node and delivers all messages after each round. */
    void run(int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                tick(i);
            }
            deliverAll();
        }
    }

    int leader() {
        int found = -1;
        long bestTerm = -1;
        for (int i = 0; i < n; i++) {
            if (up[i] && cores[i].isLeader() && cores[i].currentTerm() > bestTerm) {
                found = i;
                bestTerm = cores[i].currentTerm();
            }
        }
        return found;
    }

    int awaitLeader() {
        for (int r = 0; r < 2000; r++) {
            int l = leader();
            if (l >= 0) {
                return l;
            }
            run(1);
        }
        throw new AssertionError("no leader");
    }

    RaftStorage.Recovered recovered(int i) {
        return new PersisterStorage(persisters[i].copy()).recover();
    }
}
