package raft.jepsen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Injects one fault at a time: a quiet spell, then a kill (SIGKILL, restart when the
 * fault ends), a pause (SIGSTOP, then SIGCONT), a partition (a random minority cut
 * off, then healed; partition-leader: the minority holds the node that says it leads) or a transfer (the leader asked to hand over to a random node; the
 * interval lasts until the answer), or a membership change ({@link Reconfigure}: add, remove or replace a node).
 * Targets are drawn from the nodes currently in the configuration. Each start and stop goes into the history as :info ops of process
 * :nemesis, and into the list of intervals the report shades.
 */
final class Nemesis implements Runnable {

    record Interval(String fault, String target, long startNanos, long endNanos) {}

    private final LocalCluster cluster;
    private final History history;
    private final Set<String> faults;
    private final long quietMillis, faultMillis;
    private volatile long endNanos = Long.MAX_VALUE;
    private final Random random;
    private final List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private final PrintLog log;

    interface PrintLog {
        void line(String s);
    }

    /** Asks the cluster's leader to hand over to target; returns how it ended, for the history. */
    interface Transferer {
        String transfer(int target) throws Exception;
    }

    private Transferer transferer = target -> "no transferer";
    private Reconfigure reconfigure;

    void setReconfigure(Reconfigure r) {
        reconfigure = r;
    }
    /** The node that says it leads, or -1: whom partition-leader cuts off. */
    private java.util.function.IntSupplier leaderFinder = () -> -1;

    void setLeaderFinder(java.util.function.IntSupplier f) {
        leaderFinder = f;
    }

    void setTransferer(Transferer t) {
        transferer = t;
    }

    Nemesis(LocalCluster cluster, History history, Set<String> faults, long quietMillis, long faultMillis,
            Random random, PrintLog log) {
        this.cluster = cluster;
        this.history = history;
        this.faults = faults;
        this.quietMillis = quietMillis;
        this.faultMillis = faultMillis;
        this.random = random;
        this.log = log;
    }

    List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** No new fault starts less than a second before the workload ends (its heal would be cut short). */
    void endAt(long nanoTime) {
        endNanos = nanoTime;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        List<String> kinds = new ArrayList<>(faults);
        Collections.sort(kinds);
        int turn = kinds.isEmpty() ? 0 : random.nextInt(kinds.size());
        try {
            while (!stop && !kinds.isEmpty()) {
                if (!sleep(quietMillis) || System.nanoTime() > endNanos - 1_000_000_000L) {
                    break;
                }
                // Faults in turn from a random start, so even a short run sees each kind.
                String fault = kinds.get(turn++ % kinds.size());
                inject(fault);
            }
        } catch (Exception e) {
            log.line("nemesis failed: " + e);
        }
    }

    private void inject(String fault) throws Exception {
        List<Integer> members = cluster.members();
        int n = members.size();
        long start;
        String target;
        switch (fault) {
            case "kill" -> {
                int node = members.get(random.nextInt(n));
                target = "n" + node;
                start = record("start", "kill", target);
                cluster.kill(node);
                sleep(faultMillis);
                cluster.start(node);
                record("stop", "kill", target);
            }
            case "pause" -> {
                int node = members.get(random.nextInt(n));
                target = "n" + node;
                start = record("start", "pause", target);
                cluster.pause(node);
                sleep(faultMillis);
                cluster.resume(node);
                record("stop", "pause", target);
            }
            case "partition", "partition-leader" -> {
                List<Integer> nodes = new ArrayList<>(members);
                Collections.shuffle(nodes, random);
                int leader = fault.equals("partition-leader") ? leaderFinder.getAsInt() : -1;
                if (leader >= 0) {
                    nodes.remove(Integer.valueOf(leader));
                    nodes.add(0, leader);
                }
                List<Integer> minority = List.copyOf(nodes.subList(0, (n - 1) / 2));
                List<Integer> majority = List.copyOf(nodes.subList((n - 1) / 2, n));
                target = minority + " | " + majority;
                start = record("start", fault, target);
                cluster.partition(minority);
                sleep(faultMillis);
                cluster.heal();
                record("stop", fault, target);
            }
            case "transfer" -> {
                int node = members.get(random.nextInt(n));
                target = "n" + node;
                start = record("start", "transfer", target);
                String outcome = transferer.transfer(node);
                record("stop", "transfer", target + " " + outcome);
            }
            case "membership" -> {
                start = record("start", "membership", "");
                target = reconfigure == null ? "no reconfigurer" : reconfigure.step(random);
                record("stop", "membership", target);
            }
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
        intervals.add(new Interval(fault, target, start, history.now()));
    }

    private long record(String phase, String fault, String target) {
        String f = phase + "-" + fault;
        log.line(String.format("%6.1f s  nemesis %s %s", history.now() / 1e9, f, target));
        return history.add("info", "nemesis", f, target, null).time();
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
