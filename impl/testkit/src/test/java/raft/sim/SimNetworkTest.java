package raft.sim;

import org.junit.jupiter.api.Test;
import raft.core.Message;
import raft.node.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimNetworkTest {
    private final VirtualTime vt = new VirtualTime(new TraceDigest());
    private final SimNetwork net = new SimNetwork(3, vt, new SplittableRandom(5), m -> 10, SimNetwork.Observer.NONE);
    private final List<List<Message>> inbox = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final Transport[] out = new Transport[3];

    SimNetworkTest() {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
    }

    private void start(int i) {
        int gen = net.newGeneration(i);
        out[i] = net.transport(i, gen);
        net.addServer(i, gen, inbox.get(i)::add);
    }

    private void connectAll() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                net.enable(i, j, true);
            }
        }
    }

    private static Message.RequestVote vote(int from, int to) {
        return new Message.RequestVote(from, to, 1, 0, 0);
    }

    private static Message.RequestVoteReply reply(int from, int to) {
        return new Message.RequestVoteReply(from, to, 1, true);
    }

    @Test
    void everyRequestIsCountedButOnlyReachableOnesAreHandled() {
        out[0].send(vote(0, 1)); // ends start disabled
        vt.runUntil(10);
        assertEquals(1, net.rpcTotal());
        assertEquals(10, net.bytesTotal());
        assertEquals(0, net.rpcCount(1));
        assertTrue(inbox.get(1).isEmpty());
        connectAll();
        out[0].send(vote(0, 1));
        vt.runUntil(20);
        assertEquals(2, net.rpcTotal());
        assertEquals(1, net.rpcCount(1));
        assertEquals(1, inbox.get(1).size());
    }

    @Test
    void noReplyFromAReplacedInstanceNorToAnOldRequester() {
        connectAll();
        out[0].send(vote(0, 1));
        vt.runUntil(1);
        Transport oldOne = out[1];
        // server 1 restarts before replying: its old instance's reply must vanish
        start(1);
        oldOne.send(reply(1, 0));
        vt.runUntil(2);
        assertTrue(inbox.get(0).isEmpty());
        assertEquals(0, net.rpcCount(1), "a new instance starts with a zero count");
        // the requester restarts: a reply to the old requester is not handed to the new one
        out[2].send(vote(2, 1));
        vt.runUntil(3);
        start(2);
        out[1].send(reply(1, 2));
        vt.runUntil(4);
        assertTrue(inbox.get(2).isEmpty());
        // a normal round trip still works and counts reply bytes
        out[0].send(vote(0, 1));
        vt.runUntil(5);
        long before = net.bytesTotal();
        out[1].send(reply(1, 0));
        vt.runUntil(6);
        assertEquals(1, inbox.get(0).size());
        assertEquals(before + 10, net.bytesTotal());
    }

    @Test
    void disablingTheEndSuppressesTheReply() {
        connectAll();
        out[0].send(vote(0, 1));
        vt.runUntil(1);
        net.enable(0, 1, false);
        out[1].send(reply(1, 0));
        vt.runUntil(2);
        assertTrue(inbox.get(0).isEmpty());
    }

    @Test
    void unreliableModeDropsAboutTenPercentAndDelaysUpTo26Ms() {
        connectAll();
        net.setReliable(false);
        int sent = 20_000;
        long[] maxDelay = new long[1];
        long t0 = vt.nowMillis();
        net.addServer(1, 1, m -> maxDelay[0] = Math.max(maxDelay[0], vt.nowMillis() - t0));
        for (int k = 0; k < sent; k++) {
            out[0].send(vote(0, 1));
        }
        vt.runUntil(1000);
        double lost = net.dropped() / (double) sent;
        assertTrue(lost > 0.09 && lost < 0.11, "request loss " + lost);
        assertEquals(26, maxDelay[0]);
    }

    @Test
    void longReorderingDelaysTwoThirdsOfRepliesBy200To2200Ms() {
        connectAll();
        net.setLongReordering(true);
        List<Long> arrivals = new ArrayList<>();
        net.addServer(0, 1, m -> arrivals.add(vt.nowMillis()));
        out[0].send(vote(0, 1));
        vt.runUntil(1);
        int sent = 9000;
        for (int k = 0; k < sent; k++) {
            out[1].send(reply(1, 0));
        }
        vt.runUntil(5000);
        assertEquals(sent, arrivals.size());
        long late = arrivals.stream().filter(t -> t > 1).count();
        assertTrue(Math.abs(late / (double) sent - 2.0 / 3) < 0.02, "late fraction " + late / (double) sent);
        long min = arrivals.stream().filter(t -> t > 1).mapToLong(t -> t - 1).min().orElseThrow();
        long max = arrivals.stream().mapToLong(t -> t - 1).max().orElseThrow();
        assertTrue(min >= 200 && max <= 2200, min + ".." + max);
    }
}
