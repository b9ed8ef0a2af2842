package raft.cli;

import raft.kv.KvClient;

import java.net.InetSocketAddress;
import java.util.List;

/** `client transfer-leader --to N`: finds the leader (the others answer "not leader") and asks it to hand over. */
final class TransferLeader {
    private TransferLeader() {}

    /** Exit status as ClientMain's: 0 done, 2 failed (the old leader resumed, or no leader found). */
    static int run(KvClient client, List<InetSocketAddress> servers, long to) throws Exception {
        if (to < 0 || to >= servers.size()) {
            throw new raft.command.UsageError("transfer-leader needs --to N with N between 0 and " + (servers.size() - 1)
                    + " (a position in --servers)");
        }
        for (int i = 0; i < servers.size(); i++) {
            KvClient.Response r = client.transferLeadership(i, (int) to).get();
            switch (r.outcome()) {
                case OK -> {
                    System.out.println(i == to ? "node " + to + " already leads"
                            : "leadership moved from node " + i + " to node " + to + " (" + servers.get((int) to) + ")");
                    return 0;
                }
                case FAIL -> {
                    if (!"not leader".equals(r.error())) {
                        System.err.println("transfer failed: " + r.error());
                        return 2;
                    }
                }
                default -> System.err.println(servers.get(i) + ": no answer (" + r.error() + ")");
            }
        }
        System.err.println("transfer failed: no server answered as leader; try again after an election");
        return 2;
    }
}
