package raft.kv;

import raft.core.Membership;
import raft.core.MembershipChange;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Membership requests against a cluster known by some of its client addresses: finds the
 * leader by following not-leader hints (the hinted member's client address need not be among
 * the ones given: a member added later is reached too), trying the given servers in turn when
 * there is no usable hint, until the operation deadline. Used by `client members/add-member/...`,
 * by `server --join` and by the fault-run harness.
 */
public final class MembershipClient implements AutoCloseable {
    /** Which server answered a members request, whether it led, and its configuration. */
    public record View(InetSocketAddress server, boolean leader, Membership membership) {}

    private final List<InetSocketAddress> servers;
    private final KvClient.Options options;
    private final Map<InetSocketAddress, KvClient> clients = new LinkedHashMap<>();

    public MembershipClient(List<InetSocketAddress> servers, KvClient.Options options) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers given");
        }
        this.servers = List.copyOf(servers);
        this.options = options;
    }

    /**
     * The leader's configuration if a given server (or, failing that, a member the first answer
     * names) leads, else the first answering server's; null if none answers.
     */
    public View members() {
        View first = ask(servers);
        if (first == null || first.leader()) {
            return first;
        }
        List<InetSocketAddress> more = new ArrayList<>();
        for (raft.core.Member m : first.membership().voters()) {
            try {
                MemberAddress.parse(m.address()).client().filter(a -> !servers.contains(a)).ifPresent(more::add);
            } catch (IllegalArgumentException e) {
                // no client address to ask
            }
        }
        View other = more.isEmpty() ? null : ask(more);
        return other != null && other.leader() ? other : first;
    }

    private View ask(List<InetSocketAddress> candidates) {
        View first = null;
        for (InetSocketAddress s : candidates) {
            KvClient c = client(s);
            KvClient.MembershipReply r = c.members(0).join();
            if (r.outcome() != KvClient.Outcome.OK) {
                continue;
            }
            boolean leader;
            try {
                leader = c.status(0).join().leader();
            } catch (RuntimeException e) {
                leader = false;
            }
            View v = new View(s, leader, r.membership());
            if (leader) {
                return v;
            }
            if (first == null) {
                first = v;
            }
        }
        return first;
    }

    /**
     * Proposes change at the leader and waits for it to commit. The reply's outcome is OK, FAIL
     * (refused: its error says why; or no server could be reached: reached is false) or UNKNOWN
     * (sent, fate unknown).
     */
    public KvClient.MembershipReply change(MembershipChange change) {
        long deadline = System.nanoTime() + options.opMillis() * 1_000_000L;
        List<String> unreachable = new ArrayList<>();
        int next = 0;
        int notLeaderInARow = 0;
        InetSocketAddress target = servers.get(0);
        KvClient.MembershipReply last = null;
        while (System.nanoTime() < deadline) {
            KvClient.MembershipReply r = client(target).changeMembership(0, change).join();
            if (r.outcome() == KvClient.Outcome.UNKNOWN) {
                return settle(change, r, deadline);
            }
            if (r.outcome() != KvClient.Outcome.FAIL || (r.reached() && r.hint() == null)) {
                return r;   // done, or refused for a reason
            }
            last = r;
            if (!r.reached()) {
                unreachable.add(target.toString());
            }
            InetSocketAddress hinted = r.hint() == null ? null : hinted(r.hint());
            if (hinted != null && !hinted.equals(target)) {
                target = hinted;
                continue;
            }
            next = (next + 1) % servers.size();
            target = servers.get(next);
            if (++notLeaderInARow % servers.size() == 0) {
                sleep(Math.min(200, options.attemptMillis()));   // probably an election under way
            }
        }
        if (last != null && !last.reached()) {
            return new KvClient.MembershipReply(KvClient.Outcome.FAIL, null, null,
                    "no server reachable (tried " + String.join(", ", unreachable.stream().distinct().toList()) + ")",
                    false);
        }
        return new KvClient.MembershipReply(KvClient.Outcome.FAIL, null, null,
                "no leader found within " + options.opMillis() + " ms", true);
    }

    /**
     * A change whose fate the leader could not tell (typically: a leader removing itself steps
     * down as the change commits). Asks until the deadline for a leader whose configuration
     * shows the change: a leader holds it in its log and will commit it before any change of
     * its own. Otherwise the outcome stays unknown.
     */
    private KvClient.MembershipReply settle(MembershipChange change, KvClient.MembershipReply unknown, long deadline) {
        while (System.nanoTime() < deadline) {
            View v = members();
            if (v != null && v.leader() && shows(v.membership(), change)) {
                return new KvClient.MembershipReply(KvClient.Outcome.OK, v.membership(), null, null);
            }
            if (v != null && v.leader() && change instanceof MembershipChange.Add a && !a.stayLearner()
                    && v.membership().isLearner(a.member().id())) {
                // The learner is in, but the leader that planned its promotion is gone and a new
                // leader does not carry out its predecessor's plans: ask this one to promote it.
                KvClient.MembershipReply p = client(v.server())
                        .changeMembership(0, new MembershipChange.Promote(a.member().id())).join();
                if (p.outcome() == KvClient.Outcome.OK) {
                    return p;
                }
            }
            sleep(Math.min(200, options.attemptMillis()));
        }
        return unknown;
    }

    static boolean shows(Membership m, MembershipChange c) {
        if (c instanceof MembershipChange.Add a) {
            return a.stayLearner() ? m.isLearner(a.member().id()) : m.isVoter(a.member().id());
        }
        if (c instanceof MembershipChange.Promote p) {
            return m.isVoter(p.id());
        }
        return !m.contains(((MembershipChange.Remove) c).id());
    }

    private static InetSocketAddress hinted(MembershipWire.Hint h) {
        if (h.address().isEmpty()) {
            return null;
        }
        try {
            return MemberAddress.parse(h.address()).client().orElse(null);
        } catch (IllegalArgumentException e) {
            return null;   // a member added with an address of another form: no shortcut
        }
    }

    private KvClient client(InetSocketAddress s) {
        return clients.computeIfAbsent(s, a -> new KvClient(List.of(a), options));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        clients.values().forEach(KvClient::close);
    }
}
