package raft.transport;

import org.junit.jupiter.api.Test;
import raft.core.Message;
import raft.core.Message.RequestVoteReply;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Peers added and removed at run time (membership changes): admitted once added, refused once removed. */
class DynamicPeersTest {
    @Test
    void anAddedIdIsDialledAndAdmittedAndARemovedOneRefused() throws Exception {
        InetSocketAddress a = RoundTripProbe.freeLoopbackAddress();
        InetSocketAddress b = RoundTripProbe.freeLoopbackAddress();
        BlockingQueue<Message> toA = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toB = new LinkedBlockingQueue<>();
        // Node 0 starts alone; node 7 (a joiner) already knows node 0.
        TransportConfig ca = TransportConfig.of(Cluster.ID, 0, a, Map.of(0, a)).withBackoff(10, 100);
        TransportConfig cb = TransportConfig.of(Cluster.ID, 7, b, Map.of(0, a, 7, b)).withBackoff(10, 100);
        try (NettyTransport ta = new NettyTransport(ca, WireCodec.RAFT, toA::add).start();
             NettyTransport tb = new NettyTransport(cb, WireCodec.RAFT, toB::add).start()) {
            Cluster.await(() -> ta.stats().rejectedUnknownNode() > 0, "node 0 refusing unknown node 7");
            assertFalse(tb.isConnected(0));

            ta.addPeer(7, b);
            assertEquals(java.util.Set.of(0, 7), ta.peerIds());
            Cluster.await(() -> tb.isConnected(0) && ta.isConnected(7), "both directions after addPeer");
            tb.send(new RequestVoteReply(7, 0, 3, true));
            assertEquals(new RequestVoteReply(7, 0, 3, true), toA.poll(Cluster.WAIT.toSeconds(), TimeUnit.SECONDS));
            ta.send(new RequestVoteReply(0, 7, 4, false));
            assertEquals(new RequestVoteReply(0, 7, 4, false), toB.poll(Cluster.WAIT.toSeconds(), TimeUnit.SECONDS));

            ta.setPeers(Map.of(0, a));   // node 7 removed
            assertFalse(ta.peerIds().contains(7));
            ta.send(new RequestVoteReply(0, 7, 5, false));
            long dropped = ta.stats().dropped();
            assertTrue(dropped > 0, "a send to a removed peer is dropped");
            long refusedBefore = ta.stats().rejectedUnknownNode();
            // Its open connection is closed at its next message, and its redials are refused.
            tb.send(new RequestVoteReply(7, 0, 6, true));
            Cluster.await(() -> ta.stats().rejectedUnknownNode() > refusedBefore, "node 7 refused after removal");
            assertNull(toA.poll(200, TimeUnit.MILLISECONDS), "nothing from a removed node is delivered");
        }
    }
}
