package raft.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.ApplyMsg;
import raft.node.RaftNode;
import raft.node.RealScheduler;
import raft.node.SerialExecutor;
import raft.node.TermState;
import raft.storage.SegmentedLogStorage;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pieces as the KV service will wire them: RaftNode over NettyTransport and
 * SegmentedLogStorage, three nodes on loopback, one restarted from its directory.
 */
class RaftOverTcpTest {
    @TempDir
    Path tmp;

    static final class TcpNode implements AutoCloseable {
        final SegmentedLogStorage storage;
        final NettyTransport transport;
        final RealScheduler scheduler;
        final SerialExecutor applyExecutor;
        final RaftNode node;
        final List<String> applied = new ArrayList<>();

        TcpNode(int id, Map<Integer, InetSocketAddress> addresses, Path dir, long seed) {
            storage = new SegmentedLogStorage(dir);
            transport = new NettyTransport(TransportConfig.of("raft-over-tcp", id, addresses.get(id), addresses)
                    .withBackoff(10, 100), WireCodec.RAFT);
            scheduler = new RealScheduler("timer-" + id, 1);
            applyExecutor = new SerialExecutor("apply-" + id);
            node = RaftNode.newBuilder().id(id).clusterSize(addresses.size()).storage(storage).transport(transport)
                    .applier(this::apply).scheduler(scheduler).applyExecutor(applyExecutor)
                    .random(new SplittableRandom(seed)).build();
            transport.start(node::receive);
        }

        private void apply(ApplyMsg m) {
            if (m instanceof ApplyMsg.Command c) {
                synchronized (applied) {
                    assertEquals(applied.size() + 1, c.index(), "applied in index order without gaps");
                    applied.add(new String(c.command(), StandardCharsets.UTF_8));
                }
            }
        }

        List<String> applied() {
            synchronized (applied) {
                return List.copyOf(applied);
            }
        }

        @Override
        public void close() {
            node.kill();
            transport.close();
            scheduler.close();
            applyExecutor.close();
            storage.close();
        }
    }

    @Test
    void threeNodesCommitOverTcpAndARestartedNodeRecoversFromDisk() {
        Map<Integer, InetSocketAddress> addresses = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            addresses.put(i, RoundTripProbe.freeLoopbackAddress());
        }
        TcpNode[] nodes = new TcpNode[3];
        try {
            for (int i = 0; i < 3; i++) {
                nodes[i] = new TcpNode(i, addresses, tmp.resolve("n" + i), 42 + i);
            }
            List<String> sent = new ArrayList<>();
            propose(nodes, sent, 0, 20);
            for (TcpNode n : nodes) {
                Cluster.await(() -> n.applied().size() >= 20, "every node applies the first 20 commands");
            }

            int leader = leader(nodes);
            int down = (leader + 1) % 3;
            nodes[down].close();
            propose(nodes, sent, 20, 30);
            nodes[down] = new TcpNode(down, addresses, tmp.resolve("n" + down), 99);
            for (TcpNode n : nodes) {
                Cluster.await(() -> n.applied().containsAll(sent), "every node, the restarted one too, applies all");
            }
            List<String> reference = nodes[leader].applied();
            for (TcpNode n : nodes) {
                List<String> a = n.applied();
                int common = Math.min(a.size(), reference.size());
                assertEquals(reference.subList(0, common), a.subList(0, common), "same log on every node");
            }
        } finally {
            for (TcpNode n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
        }
    }

    /** Proposes commands [from, to) at whoever leads, retrying any the leader lost. */
    private static void propose(TcpNode[] nodes, List<String> sent, int from, int to) {
        for (int i = from; i < to; i++) {
            String cmd = "cmd-" + i;
            sent.add(cmd);
            Cluster.await(() -> {
                int l = leaderOrMinus(nodes);
                return l >= 0 && nodes[l].node.start(cmd.getBytes(StandardCharsets.UTF_8)).isLeader();
            }, "a leader accepts " + cmd);
        }
        for (String cmd : sent) {
            Cluster.await(() -> {
                int l = leaderOrMinus(nodes);
                return l >= 0 && nodes[l].applied().contains(cmd);
            }, "commit of " + cmd);
        }
    }

    private static int leader(TcpNode[] nodes) {
        int[] found = new int[1];
        Cluster.await(() -> (found[0] = leaderOrMinus(nodes)) >= 0, "a leader");
        return found[0];
    }

    private static int leaderOrMinus(TcpNode[] nodes) {
        int best = -1;
        long bestTerm = -1;
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null || nodes[i].node.isKilled()) {
                continue;
            }
            TermState s = nodes[i].node.state();
            if (s.isLeader() && s.term() > bestTerm) {
                best = i;
                bestTerm = s.term();
            }
        }
        return best;
    }
}
