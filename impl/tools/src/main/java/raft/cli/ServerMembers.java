package raft.cli;

import picocli.CommandLine.Option;
import raft.command.InputError;
import raft.command.UsageError;
import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.kv.KvClient;
import raft.kv.MemberAddress;
import raft.kv.MembershipClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How a server learns its configuration, from its options (a picocli mixin): the initial one
 * from --peers (ids 0..n-1 in that order), or by joining a running cluster with --join, or
 * neither (a restart of a member that joined: its data holds the configuration). Also turns a
 * configuration into the transport's peer addresses, through --route (the fault harness's
 * proxies: the configuration names each member's real Raft address, which every node shares,
 * while each node may have to dial it through its own proxy).
 */
final class ServerMembers {
    @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "a new cluster's Raft addresses in id order (ids 0..n-1; this node's own entry is where it "
                    + "listens unless --listen is given). Not with --join")
    List<InetSocketAddress> peers;
    @Option(names = "--clients", split = ",", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "with --peers: every member's client address in the same order, so the configuration "
                    + "(and `client members`, and not-leader hints) carries them")
    List<InetSocketAddress> clients;
    @Option(names = "--join", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "join a running cluster: ask the member whose client port this is to add this node (a "
                    + "learner, promoted once caught up). Needs --listen and an empty --data; --id must be new")
    InetSocketAddress join;
    @Option(names = "--route", split = ",", paramLabel = "ADDR=VIA", description = "dial the member whose Raft "
            + "address is ADDR (HOST:PORT) at VIA instead (the fault harness's per-link proxies)")
    Map<String, String> routes = new HashMap<>();

    /** Usage errors in the combination of options; listen is --listen (null if not given). */
    void check(int id, InetSocketAddress listen, InetSocketAddress client) {
        if (peers != null && join != null) {
            throw new UsageError("--peers starts a new cluster, --join joins a running one: give one of them");
        }
        if (peers != null && (id < 0 || id >= peers.size())) {
            throw new UsageError("--id must be between 0 and " + (peers.size() - 1) + " (one per --peers entry)");
        }
        if (id < 0) {
            throw new UsageError("--id must be >= 0, got " + id);
        }
        if (clients != null && (peers == null || clients.size() != peers.size())) {
            throw new UsageError("--clients needs --peers and one entry per --peers entry (" + (peers == null ? 0
                    : peers.size()) + "), got " + clients.size());
        }
        if (clients != null && !clients.get(id).equals(client)) {
            throw new UsageError("--clients entry " + id + " (" + clients.get(id) + ") is not this node's --client "
                    + client);
        }
        if (join != null && listen == null) {
            throw new UsageError("--join needs --listen HOST:PORT: the Raft address the cluster will dial");
        }
        for (Map.Entry<String, String> r : routes.entrySet()) {
            try {
                MemberAddress.parse(r.getKey());
                MemberAddress.parse(r.getValue());
            } catch (IllegalArgumentException e) {
                throw new UsageError("--route " + r.getKey() + "=" + r.getValue() + ": expected HOST:PORT=HOST:PORT");
            }
        }
    }

    boolean joining() {
        return join != null;
    }

    /** Where this node listens for peers: --listen, else its own --peers entry. */
    InetSocketAddress listen(int id, InetSocketAddress listen) {
        if (listen != null) {
            return listen;
        }
        if (peers == null) {
            throw new UsageError("without --peers, give --listen HOST:PORT");
        }
        return peers.get(id);
    }

    /** The configuration --peers (and --clients) describe; null when joining or restarting. */
    Membership initial() {
        if (peers == null) {
            return null;
        }
        List<Member> ms = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            ms.add(new Member(i, MemberAddress.of(peers.get(i), clients == null ? null : clients.get(i)).toString()));
        }
        return Membership.ofVoters(ms);
    }

    /** This node's entry for the configuration when it joins: where it listens and serves clients. */
    static Member self(int id, InetSocketAddress listen, InetSocketAddress client) {
        return new Member(id, MemberAddress.of(listen, client).toString());
    }

    /** The transport's peers for configuration m: every member whose address parses, through --route. */
    Map<Integer, InetSocketAddress> transportPeers(Membership m) {
        Map<Integer, InetSocketAddress> out = new HashMap<>();
        Stream.concat(m.voters().stream(), m.learners().stream()).forEach(member -> {
            try {
                MemberAddress a = MemberAddress.parse(member.address());
                String via = routes.get(a.peerText());
                out.put(member.id(), via == null ? a.peer() : MemberAddress.parse(via).peer());
            } catch (IllegalArgumentException e) {
                // an address of no form we know (a member added by hand): nothing to dial
            }
        });
        return out;
    }

    /** --join: the data directory must be empty (missing is fine) so no old state is mixed in. */
    static void checkEmpty(Path data) {
        if (!Files.isDirectory(data)) {
            if (Files.exists(data)) {
                throw InputError.malformed("--join: --data " + data + " is a file, not a directory");
            }
            return;
        }
        try (Stream<Path> s = Files.list(data)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(3).toList();
            if (!names.isEmpty()) {
                throw InputError.malformed("--join: --data " + data + " already holds data (" + String.join(", ", names)
                        + (names.size() == 3 ? ", ..." : "") + "); a joining node starts empty. To restart a member "
                        + "that joined before, leave out --join");
            }
        } catch (IOException e) {
            throw InputError.unreadable("--join: cannot list --data " + data + ": " + e.getMessage());
        }
    }

    /** Why joining failed: printed as is, the server exits 1. */
    static final class JoinFailed extends Exception {
        JoinFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Asks the cluster at --join for its configuration; the joiner dials and admits these members. */
    Membership current(int id, KvClient.Options options) throws JoinFailed {
        try (MembershipClient c = new MembershipClient(List.of(join), options)) {
            MembershipClient.View v = c.members();
            if (v == null) {
                throw new JoinFailed("--join: no answer from the cluster at " + text(join)
                        + " (is that a member's client port, and is it up?)");
            }
            if (v.membership().contains(id)) {
                throw new JoinFailed("--join: server " + id + " is already a member of the cluster at " + text(join)
                        + "; a new node needs an id never used in this cluster");
            }
            return v.membership();
        }
    }

    /** Asks the leader to add self (to become a voter once caught up) and waits until that has committed. */
    Membership requestAdd(Member self, Membership current, KvClient.Options options) throws JoinFailed {
        List<InetSocketAddress> servers = new ArrayList<>(List.of(join));
        Stream.concat(current.voters().stream(), current.learners().stream()).forEach(m -> {
            try {
                MemberAddress.parse(m.address()).client().filter(a -> !servers.contains(a)).ifPresent(servers::add);
            } catch (IllegalArgumentException e) {
                // no client address to try
            }
        });
        try (MembershipClient c = new MembershipClient(servers, options)) {
            KvClient.MembershipReply r = c.change(new MembershipChange.Add(self, false));
            switch (r.outcome()) {
                case OK -> {
                    return r.membership();
                }
                case FAIL -> throw new JoinFailed("--join: the cluster at " + text(join) + (r.reached()
                        ? " refused to add server " + self.id() + ": " : " could not be reached: ") + r.error());
                default -> {
                    MembershipClient.View v = c.members();
                    if (v != null && v.membership().isVoter(self.id())) {
                        return v.membership();
                    }
                    throw new JoinFailed("--join: adding server " + self.id() + " did not complete (" + r.error()
                            + "); check `client members` before trying again with a new id");
                }
            }
        }
    }

    private static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
