package raft.lab;

import raft.node.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static raft.lab.LabConfig.ELECTION_TIMEOUT;
import static raft.lab.LabConfig.MAX_LOG_SIZE;
import static raft.lab.LabConfig.SNAPSHOT_INTERVAL;

/** Lab 2C and 2D tests, ported step by step from the Go tester (see lab-scenarios.md section 3). */
final class Scenarios2CD {
    private Scenarios2CD() {
    }

    static void persist12C(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2C): basic persistence");
        cfg.one(11L, servers, true);
        for (int i = 0; i < servers; i++) {
            cfg.start1(i);
        }
        for (int i = 0; i < servers; i++) {
            cfg.disconnect(i);
            cfg.connect(i);
        }
        cfg.one(12L, servers, true);
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect(leader1);
        cfg.start1(leader1);
        cfg.connect(leader1);
        cfg.one(13L, servers, true);
        int leader2 = cfg.checkOneLeader();
        cfg.disconnect(leader2);
        cfg.one(14L, servers - 1, true);
        cfg.start1(leader2);
        cfg.connect(leader2);
        cfg.waitFor(4, servers, -1);
        int i3 = (cfg.checkOneLeader() + 1) % servers;
        cfg.disconnect(i3);
        cfg.one(15L, servers - 1, true);
        cfg.start1(i3);
        cfg.connect(i3);
        cfg.one(16L, servers, true);
        cfg.end();
    }

    static void persist22C(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2C): more persistence");
        long index = 1;
        for (int iters = 0; iters < 5; iters++) {
            cfg.one(10 + index, servers, true);
            index++;
            int leader1 = cfg.checkOneLeader();
            cfg.disconnect((leader1 + 1) % servers);
            cfg.disconnect((leader1 + 2) % servers);
            cfg.one(10 + index, servers - 2, true);
            index++;
            cfg.disconnect(leader1 % servers);
            cfg.disconnect((leader1 + 3) % servers);
            cfg.disconnect((leader1 + 4) % servers);
            cfg.start1((leader1 + 1) % servers);
            cfg.start1((leader1 + 2) % servers);
            cfg.connect((leader1 + 1) % servers);
            cfg.connect((leader1 + 2) % servers);
            cfg.sleep(ELECTION_TIMEOUT);
            cfg.start1((leader1 + 3) % servers);
            cfg.connect((leader1 + 3) % servers);
            cfg.one(10 + index, servers - 2, true);
            index++;
            cfg.connect((leader1 + 4) % servers);
            cfg.connect(leader1 % servers);
        }
        cfg.one(1000L, servers, true);
        cfg.end();
    }

    static void persist32C(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2C): partitioned leader and one follower crash, leader restarts");
        cfg.one(101L, 3, true);
        int leader = cfg.checkOneLeader();
        cfg.disconnect((leader + 2) % servers);
        cfg.one(102L, 2, true);
        cfg.crash1(leader % servers);
        cfg.crash1((leader + 1) % servers);
        cfg.connect((leader + 2) % servers);
        cfg.start1(leader % servers);
        cfg.connect(leader % servers);
        cfg.one(103L, 2, true);
        cfg.start1((leader + 1) % servers);
        cfg.connect((leader + 1) % servers);
        cfg.one(104L, servers, true);
        cfg.end();
    }

    /** The Figure 8 sleep: 10% of the time up to half an election timeout, else 0..12 ms. */
    private static void figure8Sleep(LabConfig cfg) {
        if (cfg.randInt(1000) < 100) {
            cfg.sleep(cfg.rand() % (ELECTION_TIMEOUT / 2));
        } else {
            cfg.sleep(cfg.rand() % 13);
        }
    }

    static void figure82C(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2C): Figure 8");
        cfg.one(cfg.rand(), 1, true);
        int nup = servers;
        for (int iters = 0; iters < 1000; iters++) {
            int leader = -1;
            for (int i = 0; i < servers; i++) {
                Replica rf = cfg.raft(i);
                if (rf != null && rf.start(Commands.encode(cfg.rand())).isLeader()) {
                    leader = i;
                }
            }
            figure8Sleep(cfg);
            if (leader != -1) {
                cfg.crash1(leader);
                nup--;
            }
            if (nup < 3) {
                int s = cfg.randInt(servers);
                if (cfg.raft(s) == null) {
                    cfg.start1(s);
                    cfg.connect(s);
                    nup++;
                }
            }
        }
        for (int i = 0; i < servers; i++) {
            if (cfg.raft(i) == null) {
                cfg.start1(i);
                cfg.connect(i);
            }
        }
        cfg.one(cfg.rand(), servers, true);
        cfg.end();
    }

    static void unreliableAgree2C(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, true, false);
        cfg.begin("Test (2C): unreliable agreement");
        List<LabClock.Task> threads = new ArrayList<>();
        for (int iters = 1; iters < 50; iters++) {
            for (int j = 0; j < 4; j++) {
                long cmd = 100L * iters + j;
                threads.add(cfg.clock().spawn("agree-" + iters + "-" + j, () -> cfg.one(cmd, 1, true)));
            }
            cfg.one((long) iters, 1, true);
        }
        cfg.setUnreliable(false);
        threads.forEach(LabClock.Task::join);
        cfg.one(100L, servers, true);
        cfg.end();
    }

    static void figure8Unreliable2C(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, true, false);
        cfg.begin("Test (2C): Figure 8 (unreliable)");
        cfg.one(cfg.rand() % 10000, 1, true);
        int nup = servers;
        for (int iters = 0; iters < 1000; iters++) {
            if (iters == 200) {
                cfg.setLongReordering(true);
            }
            int leader = -1;
            for (int i = 0; i < servers; i++) {
                boolean ok = cfg.raft(i).start(Commands.encode(cfg.rand() % 10000)).isLeader();
                if (ok && cfg.connected(i)) {
                    leader = i;
                }
            }
            figure8Sleep(cfg);
            if (leader != -1 && cfg.randInt(1000) < ELECTION_TIMEOUT / 2) {
                cfg.disconnect(leader);
                nup--;
            }
            if (nup < 3) {
                int s = cfg.randInt(servers);
                if (!cfg.connected(s)) {
                    cfg.connect(s);
                    nup++;
                }
            }
        }
        for (int i = 0; i < servers; i++) {
            if (!cfg.connected(i)) {
                cfg.connect(i);
            }
        }
        cfg.one(cfg.rand() % 10000, servers, true);
        cfg.end();
    }

    static void reliableChurn2C(LabRun run) {
        internalChurn(run, false);
    }

    static void unreliableChurn2C(LabRun run) {
        internalChurn(run, true);
    }

    private static void internalChurn(LabRun run, boolean unreliable) {
        int servers = 5;
        LabConfig cfg = run.make(servers, unreliable, false);
        cfg.begin(unreliable ? "Test (2C): unreliable churn" : "Test (2C): churn");
        AtomicBoolean stop = new AtomicBoolean();
        int ncli = 3;
        List<List<Long>> results = new ArrayList<>();
        List<LabClock.Task> clients = new ArrayList<>();
        for (int me = 0; me < ncli; me++) {
            int client = me;
            List<Long>[] out = new List[1];
            results.add(null);
            clients.add(cfg.clock().spawn("client-" + me, () -> {
                List<Long> values = new ArrayList<>();
                while (!stop.get()) {
                    long x = cfg.rand();
                    long index = -1;
                    boolean ok = false;
                    for (int i = 0; i < servers; i++) {
                        Replica rf = cfg.raft(i);
                        if (rf != null) {
                            var r = rf.start(Commands.encode(x));
                            if (r.isLeader()) {
                                ok = true;
                                index = r.index();
                            }
                        }
                    }
                    if (ok) {
                        for (int to : new int[]{10, 20, 50, 100, 200}) {
                            LabConfig.Committed c = cfg.nCommitted(index);
                            if (c.count() > 0) {
                                if (c.value() instanceof Long xx) {
                                    if (xx == x) {
                                        values.add(x);
                                    }
                                } else {
                                    cfg.fatal("wrong command type");
                                }
                                break;
                            }
                            cfg.sleep(to);
                        }
                    } else {
                        cfg.sleep(79 + client * 17L);
                    }
                }
                synchronized (results) {
                    results.set(client, values);
                }
            }));
        }
        for (int iters = 0; iters < 20; iters++) {
            if (cfg.randInt(1000) < 200) {
                cfg.disconnect(cfg.randInt(servers));
            }
            if (cfg.randInt(1000) < 500) {
                int i = cfg.randInt(servers);
                if (cfg.raft(i) == null) {
                    cfg.start1(i);
                }
                cfg.connect(i);
            }
            if (cfg.randInt(1000) < 200) {
                int i = cfg.randInt(servers);
                if (cfg.raft(i) != null) {
                    cfg.crash1(i);
                }
            }
            cfg.sleep(ELECTION_TIMEOUT * 7 / 10);
        }
        cfg.sleep(ELECTION_TIMEOUT);
        cfg.setUnreliable(false);
        for (int i = 0; i < servers; i++) {
            if (cfg.raft(i) == null) {
                cfg.start1(i);
            }
            cfg.connect(i);
        }
        stop.set(true);
        List<Long> values = new ArrayList<>();
        for (int c = 0; c < ncli; c++) {
            clients.get(c).join();
            List<Long> vv;
            synchronized (results) {
                vv = results.get(c);
            }
            if (vv == null) {
                cfg.fatal("client failed");
            }
            values.addAll(vv);
        }
        cfg.sleep(ELECTION_TIMEOUT);
        long lastIndex = cfg.one(cfg.rand(), servers, true);
        List<Long> really = new ArrayList<>();
        for (long index = 1; index <= lastIndex; index++) {
            Object v = cfg.waitFor(index, servers, -1);
            if (v instanceof Long vi) {
                really.add(vi);
            } else {
                cfg.fatal("not an int");
            }
        }
        java.util.Set<Long> applied = new java.util.HashSet<>(really);
        for (long v1 : values) {
            if (!applied.contains(v1)) {
                cfg.fatal("didn't find a value");
            }
        }
        cfg.end();
    }

    // ---- 2D ---------------------------------------------------------------------------

    static void snapCommon(LabRun run, String name, boolean disconnect, boolean reliable, boolean crash) {
        int iters = 30;
        int servers = 3;
        LabConfig cfg = run.make(servers, !reliable, true);
        cfg.begin(name);
        cfg.one(cfg.rand(), servers, true);
        int leader1 = cfg.checkOneLeader();
        for (int i = 0; i < iters; i++) {
            int victim = (leader1 + 1) % servers;
            int sender = leader1;
            if (i % 3 == 1) {
                sender = (leader1 + 1) % servers;
                victim = leader1;
            }
            if (disconnect) {
                cfg.disconnect(victim);
                cfg.one(cfg.rand(), servers - 1, true);
            }
            if (crash) {
                cfg.crash1(victim);
                cfg.one(cfg.rand(), servers - 1, true);
            }
            int nn = SNAPSHOT_INTERVAL / 2 + cfg.randInt(SNAPSHOT_INTERVAL);
            for (int k = 0; k < nn; k++) {
                cfg.raft(sender).start(Commands.encode(cfg.rand()));
            }
            if (!disconnect && !crash) {
                // every follower caught up, so TestSnapshotBasic2D never needs InstallSnapshot
                cfg.one(cfg.rand(), servers, true);
            } else {
                cfg.one(cfg.rand(), servers - 1, true);
            }
            if (cfg.logSize() >= MAX_LOG_SIZE) {
                cfg.fatal("Log size too large");
            }
            if (disconnect) {
                cfg.connect(victim);
                cfg.one(cfg.rand(), servers, true);
                leader1 = cfg.checkOneLeader();
            }
            if (crash) {
                cfg.start1(victim);
                cfg.connect(victim);
                cfg.one(cfg.rand(), servers, true);
                leader1 = cfg.checkOneLeader();
            }
        }
        cfg.end();
    }

    static void snapshotBasic2D(LabRun run) {
        snapCommon(run, "Test (2D): snapshots basic", false, true, false);
    }

    static void snapshotInstall2D(LabRun run) {
        snapCommon(run, "Test (2D): install snapshots (disconnect)", true, true, false);
    }

    static void snapshotInstallUnreliable2D(LabRun run) {
        snapCommon(run, "Test (2D): install snapshots (disconnect+unreliable)", true, false, false);
    }

    static void snapshotInstallCrash2D(LabRun run) {
        snapCommon(run, "Test (2D): install snapshots (crash)", false, true, true);
    }

    static void snapshotInstallUnCrash2D(LabRun run) {
        snapCommon(run, "Test (2D): install snapshots (unreliable+crash)", false, false, true);
    }

    static void snapshotAllCrash2D(LabRun run) {
        int servers = 3;
        int iters = 5;
        LabConfig cfg = run.make(servers, false, true);
        cfg.begin("Test (2D): crash and restart all servers");
        cfg.one(cfg.rand(), servers, true);
        for (int i = 0; i < iters; i++) {
            int nn = SNAPSHOT_INTERVAL / 2 + cfg.randInt(SNAPSHOT_INTERVAL);
            for (int k = 0; k < nn; k++) {
                cfg.one(cfg.rand(), servers, true);
            }
            long index1 = cfg.one(cfg.rand(), servers, true);
            for (int k = 0; k < servers; k++) {
                cfg.crash1(k);
            }
            for (int k = 0; k < servers; k++) {
                cfg.start1(k);
                cfg.connect(k);
            }
            long index2 = cfg.one(cfg.rand(), servers, true);
            if (index2 < index1 + 1) {
                cfg.fatal(String.format("index decreased from %d to %d", index1, index2));
            }
        }
        cfg.end();
    }

    static void snapshotInit2D(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, true);
        cfg.begin("Test (2D): snapshot initialization after crash");
        cfg.one(cfg.rand(), servers, true);
        int nn = SNAPSHOT_INTERVAL + 1;
        for (int i = 0; i < nn; i++) {
            cfg.one(cfg.rand(), servers, true);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < servers; i++) {
                cfg.crash1(i);
            }
            for (int i = 0; i < servers; i++) {
                cfg.start1(i);
                cfg.connect(i);
            }
            cfg.one(cfg.rand(), servers, true);
        }
        cfg.end();
    }
}
