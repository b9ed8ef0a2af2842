package raft.cli;

import raft.command.UsageError;
import raft.core.Member;
import raft.core.Membership;
import raft.core.MembershipChange;
import raft.kv.KvClient;
import raft.kv.MemberAddress;
import raft.kv.MembershipClient;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * `client members | add-member ID ADDRESS [--learner] | remove-member ID | promote ID`. A change
 * goes to the leader (not-leader hints are followed) and is reported once committed. Exit as
 * ClientMain's: 0 done, 2 refused or no leader reachable (nothing changed), 3 outcome unknown.
 */
final class MembersCommand {
    private MembersCommand() {}

    /** Commands handled here and how many words each takes, the command included. */
    static int arity(String cmd) {
        return switch (cmd) {
            case "members" -> 1;
            case "remove-member", "promote" -> 2;
            case "add-member" -> 3;
            default -> -1;
        };
    }

    /** Parses the words of a change; UsageError naming the argument and what was expected. */
    static MembershipChange change(List<String> a, boolean learner) {
        int id = id(a.get(1));
        if (learner && !a.get(0).equals("add-member")) {
            throw new UsageError("--learner goes with add-member only");
        }
        return switch (a.get(0)) {
            case "add-member" -> {
                MemberAddress addr;
                try {
                    addr = MemberAddress.parse(a.get(2));
                } catch (IllegalArgumentException e) {
                    throw new UsageError(e.getMessage());
                }
                yield new MembershipChange.Add(new Member(id, addr.toString()), learner);
            }
            case "promote" -> new MembershipChange.Promote(id);
            default -> new MembershipChange.Remove(id);
        };
    }

    private static int id(String s) {
        try {
            int id = Integer.parseInt(s);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError("member ID must be a whole number >= 0, got '" + s + "'");
    }

    static int run(List<String> a, boolean learner, List<InetSocketAddress> servers, KvClient.Options options,
                   PrintWriter out, PrintWriter err) {
        MembershipChange change = a.get(0).equals("members") ? null : change(a, learner);
        try (MembershipClient client = new MembershipClient(servers, options)) {
            if (change == null) {
                MembershipClient.View v = client.members();
                if (v == null) {
                    err.println("members: no server answered (tried " + servers + ")");
                    return 2;
                }
                out.println("configuration as seen by " + v.server().getHostString() + ":" + v.server().getPort()
                        + (v.leader() ? " (leader)" : " (not leader)")
                        + ":");
                print(v.membership(), out);
                return 0;
            }
            KvClient.MembershipReply r = client.change(change);
            switch (r.outcome()) {
                case OK -> {
                    out.println(a.get(0) + " " + a.get(1) + ": committed; configuration now:");
                    print(r.membership(), out);
                    return 0;
                }
                case FAIL -> {
                    err.println(a.get(0) + " " + a.get(1) + " refused (nothing changed): " + r.error());
                    return 2;
                }
                default -> {
                    err.println(a.get(0) + " " + a.get(1) + ": outcome unknown (it may still commit; check with"
                            + " `client members`): " + r.error());
                    return 3;
                }
            }
        }
    }

    /** One line per member: role, id, Raft address, client address. */
    static void print(Membership m, PrintWriter out) {
        for (Member v : m.voters()) {
            out.println(line("voter", v));
        }
        for (Member l : m.learners()) {
            out.println(line("learner", l));
        }
    }

    private static String line(String role, Member m) {
        String peer;
        String client;
        try {
            MemberAddress a = MemberAddress.parse(m.address());
            peer = a.peerText();
            client = a.clientText();
        } catch (IllegalArgumentException e) {
            peer = m.address().isEmpty() ? "?" : m.address();
            client = "?";
        }
        return String.format("%-7s %4d  raft %-21s client %s", role, m.id(), peer, client);
    }
}
