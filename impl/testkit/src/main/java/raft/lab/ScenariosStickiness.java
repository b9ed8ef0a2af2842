package raft.lab;

import raft.core.RaftConfig;
import raft.node.RaftNode;
import raft.node.Replica;
import raft.node.TermState;

import java.util.concurrent.CompletableFuture;

/**
 * Pre-vote, check-quorum and leadership transfer (issue 11) as lab-style scenarios on the
 * lab harness: same network, clocks, seeds and appliers' checks, nodes with
 * {@link RaftConfig#lab()}. "One election timeout" is that config's longest one.
 */
final class ScenariosStickiness {
    private ScenariosStickiness() {
    }

    static final RaftConfig CONFIG = RaftConfig.lab();
    static final long ET = CONFIG.electionTimeoutMillis();
    private static final long POLL = CONFIG.tickMillis();

    /** Cut off for 20 election timeouts, then healed: nobody's term moves and the leader stays. */
    static void partitionedFollowerRejoins(LabRun run) {
        LabConfig cfg = run.make(5, false, false);
        cfg.begin("Test (pre-vote): a follower partitioned for 20 election timeouts rejoins without disruption");
        int leader = cfg.checkOneLeader();
        cfg.one(101L, 5, true);
        long term = cfg.checkTerms();
        int follower = (leader + 1) % cfg.n();
        cfg.disconnect(follower);
        expectSteady(cfg, leader, term, 20 * ET);
        cfg.connect(follower);
        expectSteady(cfg, leader, term, 5 * ET);
        cfg.one(102L, 5, true);
        expectSteady(cfg, leader, term, 0);
        cfg.end();
    }

    /** A leader cut off from everyone steps down within two election timeouts; the rest elect another. */
    static void partitionedLeaderStepsDown(LabRun run) {
        LabConfig cfg = run.make(5, false, false);
        cfg.begin("Test (check-quorum): a partitioned leader steps down within two election timeouts");
        int leader = cfg.checkOneLeader();
        cfg.one(201L, 5, true);
        long term = cfg.checkTerms();
        cfg.disconnect(leader);
        long t0 = cfg.clock().nowMillis();
        while (cfg.raft(leader).state().isLeader()) {
            if (cfg.clock().nowMillis() - t0 > 2 * ET) {
                cfg.fatal("isolated leader " + leader + " still leads " + (cfg.clock().nowMillis() - t0) + " ms later");
            }
            cfg.sleep(POLL);
        }
        if (cfg.raft(leader).state().term() != term) {
            cfg.fatal("stepping down changed the old leader's term");
        }
        int next = cfg.checkOneLeader();
        if (next == leader || cfg.raft(next).state().term() <= term) {
            cfg.fatal("the majority did not elect a new leader in a later term");
        }
        cfg.one(202L, 4, true);
        cfg.connect(leader);
        cfg.one(203L, 5, true);
        cfg.end();
    }

    /** To a follower that has everything: done within one election timeout; proposals refused meanwhile. */
    static void transferToUpToDate(LabRun run) {
        LabConfig cfg = run.make(3, false, false);
        cfg.begin("Test (transfer): to an up-to-date follower");
        int leader = cfg.checkOneLeader();
        cfg.one(301L, 3, true);
        int target = (leader + 1) % cfg.n();
        CompletableFuture<Boolean> f = node(cfg, leader).transferLeadership(target);
        expectRefused(cfg, leader);
        awaitTransfer(cfg, f, true, ET);
        if (!cfg.raft(target).state().isLeader()) {
            cfg.fatal("transfer reported done but " + target + " is not leader");
        }
        cfg.one(302L, 3, true);
        cfg.end();
    }

    /** To a follower that missed entries: the leader catches it up first, then hands over. */
    static void transferToLagging(LabRun run) {
        LabConfig cfg = run.make(3, false, false);
        cfg.begin("Test (transfer): to a lagging follower");
        int leader = cfg.checkOneLeader();
        int target = (leader + 1) % cfg.n();
        cfg.disconnect(target);
        for (int i = 0; i < 30; i++) {
            cfg.one(400L + i, 2, true);
        }
        cfg.connect(target);
        if (cfg.raft(leader).state().isLeader()) {
            CompletableFuture<Boolean> f = node(cfg, leader).transferLeadership(target);
            expectRefused(cfg, leader);
            // Every entry is on the other two; the target wins only with one of their votes: up to date.
            awaitTransfer(cfg, f, true, 2 * ET);
            if (!cfg.raft(target).state().isLeader()) {
                cfg.fatal("transfer reported done but " + target + " is not leader");
            }
        } else {
            cfg.fatal("leader " + leader + " lost leadership while the target was away");
        }
        cfg.one(431L, 3, true);
        cfg.end();
    }

    /** To a crashed node: abandoned after an election timeout, the old leader resumes in its term. */
    static void transferToDead(LabRun run) {
        LabConfig cfg = run.make(3, false, false);
        cfg.begin("Test (transfer): to a dead node times out and the leader resumes");
        int leader = cfg.checkOneLeader();
        cfg.one(501L, 3, true);
        long term = cfg.checkTerms();
        int target = (leader + 1) % cfg.n();
        cfg.crash1(target);
        CompletableFuture<Boolean> f = node(cfg, leader).transferLeadership(target);
        expectRefused(cfg, leader);
        awaitTransfer(cfg, f, false, 2 * ET);
        TermState s = cfg.raft(leader).state();
        if (!s.isLeader() || s.term() != term) {
            cfg.fatal("leader " + leader + " did not resume in term " + term + ": " + s);
        }
        cfg.one(502L, 2, true);
        cfg.start1(target);
        cfg.connect(target);
        cfg.one(503L, 3, true);
        cfg.end();
    }

    private static RaftNode node(LabConfig cfg, int i) {
        return (RaftNode) cfg.raft(i);
    }

    private static void expectRefused(LabConfig cfg, int leader) {
        if (cfg.raft(leader).start(Commands.encode(999L)).isLeader()) {
            cfg.fatal("leader " + leader + " accepted a proposal during a transfer");
        }
    }

    private static void awaitTransfer(LabConfig cfg, CompletableFuture<Boolean> f, boolean expected, long within) {
        long t0 = cfg.clock().nowMillis();
        while (!f.isDone()) {
            if (cfg.clock().nowMillis() - t0 > within) {
                cfg.fatal("transfer undecided after " + within + " ms");
            }
            cfg.sleep(POLL);
        }
        if (f.join() != expected) {
            cfg.fatal("transfer " + (expected ? "failed" : "succeeded") + " after "
                    + (cfg.clock().nowMillis() - t0) + " ms");
        }
    }

    /** For millis (sampling every tick), and once at the end: only leader leads, every connected node in term. */
    private static void expectSteady(LabConfig cfg, int leader, long term, long millis) {
        long t0 = cfg.clock().nowMillis();
        do {
            for (int i = 0; i < cfg.n(); i++) {
                Replica p = cfg.raft(i);
                if (p == null) {
                    continue;
                }
                TermState s = p.state();
                if (s.term() != term) {
                    cfg.fatal("node " + i + (cfg.connected(i) ? "" : " (partitioned)") + " moved from term "
                            + term + " to " + s.term());
                }
                if (s.isLeader() != (i == leader)) {
                    cfg.fatal("leader changed: node " + i + (s.isLeader() ? " leads" : " stopped leading"));
                }
            }
            cfg.sleep(POLL);
        } while (cfg.clock().nowMillis() - t0 < millis);
    }
}
