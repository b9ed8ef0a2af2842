package raft.lab;

import raft.core.StartResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static raft.lab.LabConfig.ELECTION_TIMEOUT;

/** Lab 2A and 2B tests, ported step by step from the Go tester (see lab-scenarios.md section 3). */
final class Scenarios2AB {
    private Scenarios2AB() {
    }

    static void initialElection2A(LabRun run) {
        LabConfig cfg = run.make(3, false, false);
        cfg.begin("Test (2A): initial election");
        cfg.checkOneLeader();
        cfg.sleep(50);
        long term1 = cfg.checkTerms();
        if (term1 < 1) {
            cfg.fatal(String.format("term is %d, but should be at least 1", term1));
        }
        cfg.sleep(2 * ELECTION_TIMEOUT);
        long term2 = cfg.checkTerms();
        if (term1 != term2) {
            System.out.println("warning: term changed even though there were no failures");
        }
        cfg.checkOneLeader();
        cfg.end();
    }

    static void reElection2A(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2A): election after network failure");
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect(leader1);
        cfg.checkOneLeader();
        cfg.connect(leader1);
        int leader2 = cfg.checkOneLeader();
        cfg.disconnect(leader2);
        cfg.disconnect((leader2 + 1) % servers);
        cfg.sleep(2 * ELECTION_TIMEOUT);
        cfg.checkNoLeader();
        cfg.connect((leader2 + 1) % servers);
        cfg.checkOneLeader();
        cfg.connect(leader2);
        cfg.checkOneLeader();
        cfg.end();
    }

    static void manyElections2A(LabRun run) {
        int servers = 7;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2A): multiple elections");
        cfg.checkOneLeader();
        for (int ii = 1; ii < 10; ii++) {
            int i1 = cfg.randInt(servers);
            int i2 = cfg.randInt(servers);
            int i3 = cfg.randInt(servers);
            cfg.disconnect(i1);
            cfg.disconnect(i2);
            cfg.disconnect(i3);
            cfg.checkOneLeader();
            cfg.connect(i1);
            cfg.connect(i2);
            cfg.connect(i3);
        }
        cfg.checkOneLeader();
        cfg.end();
    }

    static void basicAgree2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): basic agreement");
        for (long index = 1; index < 4; index++) {
            if (cfg.nCommitted(index).count() > 0) {
                cfg.fatal("some have committed before Start()");
            }
            long xindex = cfg.one(index * 100, servers, false);
            if (xindex != index) {
                cfg.fatal(String.format("got index %d but expected %d", xindex, index));
            }
        }
        cfg.end();
    }

    static void rpcBytes2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): RPC byte count");
        cfg.one(99L, servers, false);
        long bytes0 = cfg.bytesTotal();
        long sent = 0;
        for (long index = 2; index < 12; index++) {
            String cmd = cfg.randString(5000);
            long xindex = cfg.one(cmd, servers, false);
            if (xindex != index) {
                cfg.fatal(String.format("got index %d but expected %d", xindex, index));
            }
            sent += cmd.length();
        }
        long got = cfg.bytesTotal() - bytes0;
        long expected = servers * sent;
        if (got > expected + 50000) {
            cfg.fatal(String.format("too many RPC bytes; got %d, expected %d", got, expected));
        }
        cfg.end();
    }

    static void followerFailure2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): test progressive failure of followers");
        cfg.one(101L, servers, false);
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect((leader1 + 1) % servers);
        cfg.one(102L, servers - 1, false);
        cfg.sleep(ELECTION_TIMEOUT);
        cfg.one(103L, servers - 1, false);
        int leader2 = cfg.checkOneLeader();
        cfg.disconnect((leader2 + 1) % servers);
        cfg.disconnect((leader2 + 2) % servers);
        StartResult r = cfg.raft(leader2).start(Commands.encode(104L));
        if (!r.isLeader()) {
            cfg.fatal("leader rejected Start()");
        }
        if (r.index() != 4) {
            cfg.fatal(String.format("expected index 4, got %d", r.index()));
        }
        cfg.sleep(2 * ELECTION_TIMEOUT);
        int nd = cfg.nCommitted(r.index()).count();
        if (nd > 0) {
            cfg.fatal(String.format("%d committed but no majority", nd));
        }
        cfg.end();
    }

    static void leaderFailure2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): test failure of leaders");
        cfg.one(101L, servers, false);
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect(leader1);
        cfg.one(102L, servers - 1, false);
        cfg.sleep(ELECTION_TIMEOUT);
        cfg.one(103L, servers - 1, false);
        int leader2 = cfg.checkOneLeader();
        cfg.disconnect(leader2);
        for (int i = 0; i < servers; i++) {
            cfg.raft(i).start(Commands.encode(104L));
        }
        cfg.sleep(2 * ELECTION_TIMEOUT);
        int nd = cfg.nCommitted(4).count();
        if (nd > 0) {
            cfg.fatal(String.format("%d committed but no majority", nd));
        }
        cfg.end();
    }

    static void failAgree2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): agreement after follower reconnects");
        cfg.one(101L, servers, false);
        int leader = cfg.checkOneLeader();
        cfg.disconnect((leader + 1) % servers);
        cfg.one(102L, servers - 1, false);
        cfg.one(103L, servers - 1, false);
        cfg.sleep(ELECTION_TIMEOUT);
        cfg.one(104L, servers - 1, false);
        cfg.one(105L, servers - 1, false);
        cfg.connect((leader + 1) % servers);
        cfg.one(106L, servers, true);
        cfg.sleep(ELECTION_TIMEOUT);
        cfg.one(107L, servers, true);
        cfg.end();
    }

    static void failNoAgree2B(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): no agreement if too many followers disconnect");
        cfg.one(10L, servers, false);
        int leader = cfg.checkOneLeader();
        cfg.disconnect((leader + 1) % servers);
        cfg.disconnect((leader + 2) % servers);
        cfg.disconnect((leader + 3) % servers);
        StartResult r = cfg.raft(leader).start(Commands.encode(20L));
        if (!r.isLeader()) {
            cfg.fatal("leader rejected Start()");
        }
        if (r.index() != 2) {
            cfg.fatal(String.format("expected index 2, got %d", r.index()));
        }
        cfg.sleep(2 * ELECTION_TIMEOUT);
        int nd = cfg.nCommitted(r.index()).count();
        if (nd > 0) {
            cfg.fatal(String.format("%d committed but no majority", nd));
        }
        cfg.connect((leader + 1) % servers);
        cfg.connect((leader + 2) % servers);
        cfg.connect((leader + 3) % servers);
        int leader2 = cfg.checkOneLeader();
        StartResult r2 = cfg.raft(leader2).start(Commands.encode(30L));
        if (!r2.isLeader()) {
            cfg.fatal("leader2 rejected Start()");
        }
        if (r2.index() < 2 || r2.index() > 3) {
            cfg.fatal(String.format("unexpected index %d", r2.index()));
        }
        cfg.one(1000L, servers, true);
        cfg.end();
    }

    static void concurrentStarts2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): concurrent Start()s");
        boolean success = false;
        tries:
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                cfg.sleep(3000);
            }
            int leader = cfg.checkOneLeader();
            StartResult first = cfg.raft(leader).start(Commands.encode(1L));
            if (!first.isLeader()) {
                continue;
            }
            long term = first.term();
            int iters = 5;
            List<Long> is = Collections.synchronizedList(new ArrayList<>());
            List<LabClock.Task> threads = new ArrayList<>();
            for (int ii = 0; ii < iters; ii++) {
                long cmd = 100 + ii;
                threads.add(cfg.clock().spawn("start-" + ii, () -> {
                    StartResult r = cfg.raft(leader).start(Commands.encode(cmd));
                    if (r.term() != term || !r.isLeader()) {
                        return;
                    }
                    is.add(r.index());
                }));
            }
            threads.forEach(LabClock.Task::join);
            for (int j = 0; j < servers; j++) {
                if (cfg.raft(j).state().term() != term) {
                    continue tries;
                }
            }
            List<Long> cmds = new ArrayList<>();
            for (long index : new ArrayList<>(is)) {
                Object cmd = cfg.waitFor(index, servers, term);
                if (cmd instanceof Long ix) {
                    if (ix == -1) {
                        continue tries;
                    }
                    cmds.add(ix);
                } else {
                    cfg.fatal(String.format("value %s is not an int", cmd));
                }
            }
            for (long x = 100; x < 100 + iters; x++) {
                if (!cmds.contains(x)) {
                    cfg.fatal(String.format("cmd %d missing in %s", x, cmds));
                }
            }
            success = true;
            break;
        }
        if (!success) {
            cfg.fatal("term changed too often");
        }
        cfg.end();
    }

    static void rejoin2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): rejoin of partitioned leader");
        cfg.one(101L, servers, true);
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect(leader1);
        cfg.raft(leader1).start(Commands.encode(102L));
        cfg.raft(leader1).start(Commands.encode(103L));
        cfg.raft(leader1).start(Commands.encode(104L));
        cfg.one(103L, 2, true);
        int leader2 = cfg.checkOneLeader();
        cfg.disconnect(leader2);
        cfg.connect(leader1);
        cfg.one(104L, 2, true);
        cfg.connect(leader2);
        cfg.one(105L, servers, true);
        cfg.end();
    }

    static void backup2B(LabRun run) {
        int servers = 5;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): leader backs up quickly over incorrect follower logs");
        cfg.one(cfg.rand(), servers, true);
        int leader1 = cfg.checkOneLeader();
        cfg.disconnect((leader1 + 2) % servers);
        cfg.disconnect((leader1 + 3) % servers);
        cfg.disconnect((leader1 + 4) % servers);
        for (int i = 0; i < 50; i++) {
            cfg.raft(leader1).start(Commands.encode(cfg.rand()));
        }
        cfg.sleep(ELECTION_TIMEOUT / 2);
        cfg.disconnect(leader1 % servers);
        cfg.disconnect((leader1 + 1) % servers);
        cfg.connect((leader1 + 2) % servers);
        cfg.connect((leader1 + 3) % servers);
        cfg.connect((leader1 + 4) % servers);
        for (int i = 0; i < 50; i++) {
            cfg.one(cfg.rand(), 3, true);
        }
        int leader2 = cfg.checkOneLeader();
        int other = (leader1 + 2) % servers;
        if (leader2 == other) {
            other = (leader2 + 1) % servers;
        }
        cfg.disconnect(other);
        for (int i = 0; i < 50; i++) {
            cfg.raft(leader2).start(Commands.encode(cfg.rand()));
        }
        cfg.sleep(ELECTION_TIMEOUT / 2);
        for (int i = 0; i < servers; i++) {
            cfg.disconnect(i);
        }
        cfg.connect(leader1 % servers);
        cfg.connect((leader1 + 1) % servers);
        cfg.connect(other);
        for (int i = 0; i < 50; i++) {
            cfg.one(cfg.rand(), 3, true);
        }
        for (int i = 0; i < servers; i++) {
            cfg.connect(i);
        }
        cfg.one(cfg.rand(), servers, true);
        cfg.end();
    }

    static void count2B(LabRun run) {
        int servers = 3;
        LabConfig cfg = run.make(servers, false, false);
        cfg.begin("Test (2B): RPC counts aren't too high");
        cfg.checkOneLeader();
        long total1 = rpcs(cfg);
        if (total1 > 30 || total1 < 1) {
            cfg.fatal(String.format("too many or few RPCs (%d) to elect initial leader", total1));
        }
        long total2 = 0;
        boolean success = false;
        tries:
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                cfg.sleep(3000);
            }
            int leader = cfg.checkOneLeader();
            total1 = rpcs(cfg);
            int iters = 10;
            StartResult first = cfg.raft(leader).start(Commands.encode(1L));
            if (!first.isLeader()) {
                continue;
            }
            long starti = first.index();
            long term = first.term();
            List<Long> cmds = new ArrayList<>();
            for (int i = 1; i < iters + 2; i++) {
                long x = cfg.randInt(Integer.MAX_VALUE);
                cmds.add(x);
                StartResult r = cfg.raft(leader).start(Commands.encode(x));
                if (r.term() != term || !r.isLeader()) {
                    continue tries;
                }
                if (starti + i != r.index()) {
                    cfg.fatal("Start() failed");
                }
            }
            for (int i = 1; i < iters + 1; i++) {
                Object cmd = cfg.waitFor(starti + i, servers, term);
                if (!(cmd instanceof Long ix) || ix != (long) cmds.get(i - 1)) {
                    if (cmd instanceof Long ix && ix == -1) {
                        continue tries;
                    }
                    cfg.fatal(String.format("wrong value %s committed for index %d; expected %s", cmd, starti + i,
                            cmds));
                }
            }
            boolean failed = false;
            total2 = 0;
            for (int j = 0; j < servers; j++) {
                if (cfg.raft(j).state().term() != term) {
                    failed = true;
                }
                total2 += cfg.rpcCount(j);
            }
            if (failed) {
                continue;
            }
            if (total2 - total1 > (iters + 1 + 3) * 3) {
                cfg.fatal(String.format("too many RPCs (%d) for %d entries", total2 - total1, iters));
            }
            success = true;
            break;
        }
        if (!success) {
            cfg.fatal("term changed too often");
        }
        cfg.sleep(ELECTION_TIMEOUT);
        long total3 = rpcs(cfg);
        if (total3 - total2 > 3 * 20) {
            cfg.fatal(String.format("too many RPCs (%d) for 1 second of idleness", total3 - total2));
        }
        cfg.end();
    }

    private static long rpcs(LabConfig cfg) {
        long n = 0;
        for (int j = 0; j < cfg.n(); j++) {
            n += cfg.rpcCount(j);
        }
        return n;
    }
}
