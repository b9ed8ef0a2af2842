package raft.jepsen;

import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.kv.KvClient;
import raft.kv.MembershipClient;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The membership nemesis's moves on a {@link LocalCluster}: add a node (a spare slot, fresh id,
 * started with --join), remove one (then stop it), or replace one (add, then remove), never
 * leaving fewer than {@link #MIN_VOTERS} voters. Each returns a line for the history that ends
 * with the configuration it left, so the report shows the configuration over time.
 */
final class Reconfigure {
    static final int MIN_VOTERS = 3;
    /** No add beyond this many members: the cluster drifts around its size instead of growing. */
    static final int MAX_MEMBERS = 7;

    private final LocalCluster cluster;
    private final KvClient.Options options;
    private final long joinMillis;
    private boolean lastAddSucceeded;

    /** joinMillis: how long a joiner may take to become a voter before the move counts as failed. */
    Reconfigure(LocalCluster cluster, long opMillis, long joinMillis) {
        this.cluster = cluster;
        this.options = new KvClient.Options(Math.min(1000, opMillis), opMillis, false);
        this.joinMillis = joinMillis;
    }

    /** Picks a move the cluster allows (add needs a spare slot, remove a voter to spare) and makes it. */
    String step(Random random) throws Exception {
        List<Integer> ms = cluster.members();
        boolean canAdd = cluster.freeSpare() >= 0 && ms.size() < MAX_MEMBERS;
        boolean canRemove = ms.size() > MIN_VOTERS;
        List<String> moves = new ArrayList<>();
        if (canAdd) {
            moves.add("add");
        }
        if (cluster.freeSpare() >= 0) {
            moves.add("replace");
        }
        if (canRemove) {
            moves.add("remove");
        }
        if (moves.isEmpty()) {
            return "no move (" + ms.size() + " members, " + (cluster.freeSpare() < 0 ? "no spare slot" : "at most "
                    + MAX_MEMBERS) + ") " + configuration();
        }
        String move = moves.get(random.nextInt(moves.size()));
        int victim = ms.get(random.nextInt(ms.size()));
        return switch (move) {
            case "add" -> add(ms);
            case "remove" -> remove(victim);
            default -> {
                String added = add(ms);
                yield lastAddSucceeded ? added + "; " + remove(victim) : added;
            }
        };
    }

    /**
     * A spare's ports were free when the harness started, but an outbound connection may have
     * taken one since: a joiner that cannot listen exits at once, and the next spare is tried.
     */
    private String add(List<Integer> ms) throws Exception {
        lastAddSucceeded = false;
        String failed = "";
        for (int attempt = 0; attempt < 2 && cluster.freeSpare() >= 0; attempt++) {
            int slot = cluster.freeSpare();
            cluster.join(slot, ms.get(0));
            long deadline = System.nanoTime() + joinMillis * 1_000_000L;
            while (System.nanoTime() < deadline && cluster.alive(slot)) {
                Membership m = current();
                if (m != null && m.isVoter(slot)) {
                    cluster.joinSettled(slot, true);
                    lastAddSucceeded = true;
                    return failed + "add n" + slot + " " + text(m);
                }
                Thread.sleep(100);
            }
            boolean exited = !cluster.alive(slot);
            // Not a voter in time: take it out again (it may be a learner by now) and stop it.
            String undo = change(new MembershipChange.Remove(slot));
            cluster.joinSettled(slot, false);
            cluster.kill(slot);
            failed += "failed to add n" + slot + (exited ? " (the joiner exited: see its stdout.log)" : " (timed out)")
                    + " (undo: " + undo + "); ";
            if (!exited) {
                break;
            }
        }
        return failed + configuration();
    }

    private String remove(int slot) throws Exception {
        String outcome = change(new MembershipChange.Remove(slot));
        if (outcome.equals("ok")) {
            cluster.removed(slot);
            return "remove n" + slot + " " + configuration();
        }
        return "remove n" + slot + " " + outcome + " " + configuration();
    }

    private String change(MembershipChange c) {
        try (MembershipClient client = new MembershipClient(servers(), options)) {
            KvClient.MembershipReply r = client.change(c);
            return r.outcome() == KvClient.Outcome.OK ? "ok" : r.outcome().name().toLowerCase() + ": " + r.error();
        }
    }

    String configuration() {
        Membership m = current();
        return m == null ? "(configuration unknown)" : text(m);
    }

    private Membership current() {
        try (MembershipClient client = new MembershipClient(servers(), options)) {
            MembershipClient.View v = client.members();
            return v == null ? null : v.membership();
        }
    }

    private List<InetSocketAddress> servers() {
        List<InetSocketAddress> all = cluster.clientAddresses();
        return cluster.members().stream().map(all::get).toList();
    }

    static String text(Membership m) {
        String v = m.voters().stream().map(x -> "n" + x.id()).collect(Collectors.joining(" "));
        String l = m.learners().stream().map(Member::id).map(x -> "n" + x).collect(Collectors.joining(" "));
        return "-> voters [" + v + "]" + (l.isEmpty() ? "" : " learners [" + l + "]");
    }
}
