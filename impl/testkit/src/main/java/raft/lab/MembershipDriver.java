package raft.lab;

import raft.core.Membership;
import raft.core.MembershipChange;
import raft.core.MembershipException;
import raft.node.Replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Membership changes on the lab harness, as an operator would make them: ask whoever leads,
 * wait for the change to commit, retry when refused (a change in flight, no entry of the new
 * leader's term committed yet, a leader just lost). A proposer keeps committing commands
 * meanwhile; every index it saw committed is checked, at the end, on every final member.
 */
final class MembershipDriver {
    private static final long CHANGE_LIMIT_MILLIS = 30_000;

    private final LabConfig cfg;
    private final Map<Long, Object> committed = new TreeMap<>();
    private volatile boolean stop;
    private LabClock.Task proposer;

    MembershipDriver(LabConfig cfg) {
        this.cfg = cfg;
    }

    /** Starts committing distinct commands, one at a time, until {@link #stopProposals()}. */
    void startProposals() {
        proposer = cfg.clock().spawn("proposer", () -> {
            for (long v = 1; !stop && !cfg.finished(); v++) {
                Object cmd = 1_000_000 + v;
                long index = cfg.one(cmd, 1, true);
                synchronized (committed) {
                    committed.put(index, cmd);
                }
            }
        });
    }

    void stopProposals() {
        stop = true;
        proposer.join();
    }

    /** Makes change and returns the configuration it committed in; fatal after 30 s of trying. */
    Membership change(MembershipChange change) {
        long t0 = cfg.clock().nowMillis();
        MembershipChange next = change;
        String last = "no leader";
        while (cfg.clock().nowMillis() - t0 < CHANGE_LIMIT_MILLIS) {
            Replica leader = leader();
            if (leader == null) {
                cfg.sleep(50);
                continue;
            }
            Membership now = leader.membership();
            if (change.appliedIn(now)) {
                // An earlier attempt got in before its answer was lost with its leader; a command
                // committed after it commits it too.
                cfg.one(2_000_000_000L + cfg.clock().nowMillis(), 1, true);
                return now;
            }
            if (change instanceof MembershipChange.Add a && !a.stayLearner() && now.isLearner(a.member().id())) {
                next = new MembershipChange.Promote(a.member().id());   // added, but its promoter stopped leading
            }
            CompletableFuture<Membership> f = leader.changeMembership(next);
            while (!f.isDone() && cfg.clock().nowMillis() - t0 < CHANGE_LIMIT_MILLIS) {
                cfg.sleep(10);
            }
            try {
                if (f.isDone()) {
                    return f.get();
                }
                last = "no answer from the leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof MembershipException m)) {
                    throw new IllegalStateException(e.getCause());
                }
                last = m.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            cfg.sleep(50);
        }
        cfg.fatal(change + " not done in " + CHANGE_LIMIT_MILLIS + " ms; last refusal: " + last);
        return null;
    }

    /** The current leader's latest configuration, waiting for a leader. */
    Membership leaderMembership() {
        Replica r;
        while ((r = leader()) == null) {
            cfg.sleep(50);
        }
        return r.membership();
    }

    private Replica leader() {
        for (int i = 0; i < cfg.n(); i++) {
            Replica r = cfg.connected(i) ? cfg.raft(i) : null;
            if (r != null && r.state().isLeader()) {
                return r;
            }
        }
        return null;
    }

    /**
     * Every command the proposer saw committed is applied, with the same value, on every member
     * of the final configuration; one last command applied by all of them first makes sure they
     * have caught up.
     */
    void checkNothingLost(Membership members) {
        List<Integer> ids = new ArrayList<>();
        members.voters().forEach(m -> ids.add(m.id()));
        members.learners().forEach(m -> ids.add(m.id()));
        cfg.one(999_999_999L, ids.size(), true);
        synchronized (committed) {
            if (committed.isEmpty()) {
                cfg.fatal("the proposer committed nothing");
            }
            for (var e : committed.entrySet()) {
                for (int id : ids) {
                    Object got = cfg.applied(id, e.getKey());
                    if (!e.getValue().equals(got)) {
                        cfg.fatal("server " + id + " has " + got + " at index " + e.getKey() + ", committed was "
                                + e.getValue());
                    }
                }
            }
        }
    }
}
