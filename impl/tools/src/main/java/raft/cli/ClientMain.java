package raft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.command.UsageError;
import raft.kv.KvClient;
import raft.kv.LoadGenerator;
import raft.kv.Wire;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The `client` command. Exit status: 0 done, 1 a cas whose expected value did not
 * match, 2 failed (did not take effect), 3 outcome unknown (may have taken effect), 64 usage.
 */
@Command(name = "client", sortOptions = false, description = "Talks to a key-value cluster.",
        footer = {"Commands:", "  get KEY | put KEY VALUE | append KEY VALUE | cas KEY OLD NEW | status",
                "  transfer-leader --to N   hand leadership to node N (0-based in --servers order) and wait for it",
                "  load    half puts, half gets from --clients clients for --time; prints ops/s and latency",
                "  members                         the configuration: voters and learners, Raft and client addresses",
                "  add-member ID ADDRESS [--learner]  add server ID (a new, never used id); ADDRESS is",
                "                                  PEER_HOST:PORT[/CLIENT_HOST:PORT]; promoted to voter once caught up",
                "  remove-member ID | promote ID   remove a member / make a learner a voter",
                "Exit: 0 done, 1 cas did not match, 2 failed (not applied), 3 outcome unknown, 64 usage."})
public final class ClientMain implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--servers", required = true, split = ",", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "the client ports of the cluster's members")
    List<InetSocketAddress> servers;
    @Option(names = "--timeout", defaultValue = "5s", description = "give up on a request after this (default ${DEFAULT-VALUE})")
    Duration timeout;
    @Option(names = "--stale-reads", description = "let any member answer reads from its local state: NOT linearizable")
    boolean staleReads;
    @Option(names = "--clients", defaultValue = "64", description = "load: concurrent clients (default ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--time", defaultValue = "10s", description = "load: how long (default ${DEFAULT-VALUE})")
    Duration time;
    @Option(names = "--keys", defaultValue = "1000", description = "load: distinct keys (default ${DEFAULT-VALUE})")
    int keys;
    @Option(names = "--to", defaultValue = "-1", paramLabel = "N", description = "transfer-leader: the new leader")
    int to;
    @Option(names = "--learner", description = "add-member: keep the new member a learner (no vote)")
    boolean learner;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "COMMAND", description = "get, put, append, cas, status, load, transfer-leader, members,"
            + " add-member, remove-member or promote, and its arguments")
    List<String> command = List.of();

    public static void main(String[] args) {
        Cli.exit(new ClientMain(), args);
    }

    @Override
    public Integer call() {
        List<String> a = command;
        if (a.isEmpty()) {
            throw new UsageError("no command given");
        }
        String cmd = a.get(0);
        int want = switch (cmd) {
            case "get" -> 2;
            case "put", "append" -> 3;
            case "cas" -> 4;
            case "status", "load", "transfer-leader" -> 1;
            default -> {
                if (MembersCommand.arity(cmd) < 0) {
                    throw new UsageError("unknown command '" + cmd + "'");
                }
                yield MembersCommand.arity(cmd);
            }
        };
        if (a.size() != want) {
            throw new UsageError(cmd + " takes " + (want - 1) + " argument(s), got " + (a.size() - 1));
        }
        if (MembersCommand.arity(cmd) > 0) {
            return MembersCommand.run(a, learner, servers, options(), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        try {
            return run(cmd, a);
        } catch (Exception e) {
            System.err.println("client: " + e.getMessage());
            return 2;
        }
    }

    private KvClient.Options options() {
        return new KvClient.Options(Math.min(1000, timeout.toMillis()), timeout.toMillis(), staleReads);
    }

    private int run(String cmd, List<String> a) throws Exception {
        long timeout = this.timeout.toMillis();
        boolean stale = staleReads;
        long time = this.time.toMillis();
        try (KvClient client = new KvClient(servers, options())) {
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
