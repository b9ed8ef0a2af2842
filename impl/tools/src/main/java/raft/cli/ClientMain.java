package raft.cli;

import raft.kv.KvClient;
import raft.kv.LoadGenerator;
import raft.kv.Wire;
import raft.cli.Flags;
import raft.cli.UsageException;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The `client` command. Exit status: 0 done, 1 a cas whose expected value did not
 * match, 2 failed (did not take effect), 3 outcome unknown (may have taken effect).
 */
public final class ClientMain {
    private ClientMain() {}

    public static final String USAGE = """
            usage: client --servers HOST:PORT,... [--timeout 5s] [--stale-reads] COMMAND
              get KEY | put KEY VALUE | append KEY VALUE | cas KEY OLD NEW | status
              transfer-leader --to N   (hand leadership to node N, 0-based in --servers order; waits for it)
              load [--clients 64] [--time 10s] [--keys 1000]   (half puts, half gets; prints ops/s and latency)""";

    public static void main(String[] args) {
        if (raft.cli.Flags.wantsHelp(args)) {
            System.out.println(USAGE);
            return;
        }
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("client: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
        } catch (Exception e) {
            System.err.println("client: " + e.getMessage());
            System.exit(2);
        }
    }

    public static int run(String[] args) throws Exception {
        Flags f = Flags.parse(args, Set.of("stale-reads"));
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String s : f.required("servers").split(",")) {
            servers.add(ServerMain.address("servers", s.trim()));
        }
        long timeout = f.millis("timeout", 5000);
        boolean stale = f.bool("stale-reads", false);
        int clients = (int) f.number("clients", 64);
        long time = f.millis("time", 10_000);
        int keys = (int) f.number("keys", 1000);
        long to = f.number("to", -1);
        f.rejectUnknown();
        List<String> a = f.positional();
        if (a.isEmpty()) {
            throw new UsageException("no command given");
        }
        String cmd = a.get(0);
        int want = switch (cmd) {
            case "get" -> 2;
            case "put", "append" -> 3;
            case "cas" -> 4;
            case "status", "load", "transfer-leader" -> 1;
            default -> throw new UsageException("unknown command '" + cmd + "'");
        };
        if (a.size() != want) {
            throw new UsageException(cmd + " takes " + (want - 1) + " argument(s), got " + (a.size() - 1));
        }
        try (KvClient client = new KvClient(servers, new KvClient.Options(Math.min(1000, timeout), timeout, stale))) {
            if (cmd.equals("status")) {
                for (int i = 0; i < servers.size(); i++) {
                    try {
                        Wire.NodeStatus st = client.status(i).get();
                        System.out.printf("%s: term %d, %s, applied %d%n", servers.get(i), st.term(),
                                st.leader() ? "leader" : "follower", st.appliedIndex());
                    } catch (Exception e) {
                        System.out.printf("%s: unreachable%n", servers.get(i));
                    }
                }
                return 0;
            }
            if (cmd.equals("transfer-leader")) {
                return TransferLeader.run(client, servers, to);
            }
            if (cmd.equals("load")) {
                System.out.println(LoadGenerator.run(client, clients, time, keys));
                return 0;
            }
            KvClient.Session s = client.session();
            KvClient.Response r = switch (cmd) {
                case "get" -> s.get(a.get(1)).get();
                case "put" -> s.put(a.get(1), a.get(2)).get();
                case "append" -> s.append(a.get(1), a.get(2)).get();
                default -> s.cas(a.get(1), a.get(2), a.get(3)).get();
            };
            switch (r.outcome()) {
                case OK -> {
                    if (cmd.equals("get")) {
                        System.out.println(r.result().value() == null ? "(absent)" : r.result().value());
                    } else if (cmd.equals("cas") && !r.result().ok()) {
                        System.out.println("cas failed: current value is "
                                + (r.result().value() == null ? "(absent)" : r.result().value()));
                        return 1;
                    } else {
                        System.out.println(cmd.equals("append") ? r.result().value() : "ok");
                    }
                    return 0;
                }
                case FAIL -> {
                    System.err.println("failed (not applied): " + r.error());
                    return 2;
                }
                default -> {
                    System.err.println("outcome unknown (may or may not have been applied): " + r.error());
                    return 3;
                }
            }
        }
    }
}
