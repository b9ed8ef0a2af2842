package raft.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import raft.core.Entry;
import raft.core.Message;
import raft.core.Message.AppendEntries;
import raft.core.Message.AppendEntriesReply;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class NettyTransportTest {

    @Test
    void threeNodesExchangeEveryKindOfMessage() throws Exception {
        try (Cluster c = new Cluster(3, UnaryOperator.identity())) {
            c.awaitAllConnected();
            for (int from = 0; from < 3; from++) {
                for (int to = 0; to < 3; to++) {
                    if (from == to) {
                        continue;
                    }
                    Message m = new RequestVote(from, to, 7, 10 * from + to, 3);
                    c.node(from).send(m);
                    assertEquals(m, c.receive(to));
                }
            }
            Entry e = new Entry(5, 2, "set x=1".getBytes());
            c.node(0).send(new AppendEntries(0, 2, 2, 4, 1, List.of(e), 3));
            AppendEntries got = (AppendEntries) c.receive(2);
            assertEquals(4, got.prevLogIndex());
            assertEquals(3, got.leaderCommit());
            assertArrayEquals(e.command(), got.entries().get(0).command());
            c.node(2).send(new AppendEntriesReply(2, 0, 2, true, 5, 0, 0));
            assertEquals(new AppendEntriesReply(2, 0, 2, true, 5, 0, 0), c.receive(0));
            c.node(1).send(new Message.InstallSnapshotReply(1, 0, 2, 9));
            assertEquals(new Message.InstallSnapshotReply(1, 0, 2, 9), c.receive(0));
        }
    }

    @Test
    void messagesFromOnePeerArriveInOrder() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            c.awaitAllConnected();
            for (int i = 1; i <= 500; i++) {
                c.node(0).send(new RequestVoteReply(0, 1, i, true));
            }
            for (int i = 1; i <= 500; i++) {
                assertEquals(i, c.receive(1).term());
            }
        }
    }

    @Test
    void aSendMadeOnItsLinksEventLoopLeavesBeforeThatLoopBlocks() throws Exception {
        // The leader's node may send and then fsync on an I/O thread (it steps replies there):
        // the loop's next task, which would write the send, waits for the fsync.
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            c.awaitAllConnected();
            NettyTransport t = c.node(0);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean blocked = new java.util.concurrent.atomic.AtomicBoolean();
            t.linkLoop(1).execute(() -> {
                blocked.set(true);
                t.send(new RequestVote(0, 1, 7, 0, 0));
                t.flushDeferred();
                try {
                    release.await(Cluster.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                blocked.set(false);
            });
            try {
                assertEquals(7, c.receive(1).term());
                assertTrue(blocked.get(), "the message arrived only once its sending loop was free again");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void sendToAnUnreachablePeerDropsWithoutBlocking() {
        InetSocketAddress nobody = RoundTripProbe.freeLoopbackAddress();
        InetSocketAddress self = RoundTripProbe.freeLoopbackAddress();
        TransportConfig cfg = TransportConfig.of(Cluster.ID, 0, self, java.util.Map.of(0, self, 1, nobody));
        try (NettyTransport t = new NettyTransport(cfg, WireCodec.RAFT, m -> {}).start()) {
            for (int i = 0; i < 1000; i++) {
                t.send(new RequestVote(0, 1, 1, 0, 0));
            }
            t.send(new RequestVote(0, 9, 1, 0, 0)); // not a member at all
            assertEquals(1001, t.stats().dropped());
            assertEquals(0, t.stats().sent());
        }
    }

    @Test
    void aPeerThatStopsReadingCausesDropsNotBlocking() throws Exception {
        InetSocketAddress self = RoundTripProbe.freeLoopbackAddress();
        try (java.net.ServerSocket stuck = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress peer = new InetSocketAddress(stuck.getInetAddress(), stuck.getLocalPort());
            TransportConfig cfg = TransportConfig.of(Cluster.ID, 0, self, java.util.Map.of(0, self, 1, peer))
                    .withWriteBufferBytes(64 << 10);
            try (NettyTransport t = new NettyTransport(cfg, WireCodec.RAFT, m -> {}).start();
                 Socket s = stuck.accept()) {
                // Say hello back, then never read again: the kernel buffers fill, then ours.
                DataInputStream in = new DataInputStream(s.getInputStream());
                in.readFully(new byte[in.readInt()]);
                s.getOutputStream().write(RawPeer.frame(new byte[] {0x52, 0x46, 0x54, 0x41, 0}));
                Cluster.await(() -> t.isConnected(1), "handshake with the stuck peer");
                byte[] big = new byte[32 << 10];
                for (int i = 0; i < 2000 && t.stats().dropped() == 0; i++) {
                    t.send(new Message.InstallSnapshot(0, 1, 1, i, 1, big)); // returns at once, always
                    if (i % 50 == 49) {
                        Thread.sleep(5); // let the I/O thread push what it can
                    }
                }
                assertTrue(t.stats().dropped() > 0, "a full send buffer drops: " + t.stats());
            }
        }
    }

    @Test
    void aTakenListenAddressIsAClearError() {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            NettyTransport second = new NettyTransport(c.config(0), WireCodec.RAFT, m -> {});
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, second::start);
            assertTrue(e.getMessage().contains("cannot listen on") && e.getMessage().contains(
                    String.valueOf(c.addresses.get(0).getPort())), e.getMessage());
        }
    }

    @Test
    void redialBackoffDoublesUpToItsCap() {
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = PeerLink.backoffMillis(i, 50, 2000);
        }
        assertArrayEquals(new long[] {50, 100, 200, 400, 800, 1600, 2000, 2000}, delays);
        assertEquals(2000, PeerLink.backoffMillis(1_000_000, 50, 2000), "no overflow after many failures");
    }

    @Test
    void reconnectsAfterAPeerRestarts() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            c.awaitAllConnected();
            c.node(0).send(new RequestVote(0, 1, 1, 0, 0));
            assertEquals(1, c.receive(1).term());

            c.node(1).close();
            Cluster.await(() -> !c.node(0).isConnected(1), "node 0 notices node 1 is gone");
            long droppedBefore = c.node(0).stats().dropped();
            c.node(0).send(new RequestVote(0, 1, 2, 0, 0));
            assertEquals(droppedBefore + 1, c.node(0).stats().dropped(), "a send to a down peer is dropped");

            c.restart(1);
            c.awaitAllConnected();
            c.node(0).send(new RequestVote(0, 1, 3, 0, 0));
            assertEquals(3, c.receive(1).term(), "the restarted peer gets new messages, not the dropped one");
            c.node(1).send(new RequestVoteReply(1, 0, 3, true));
            assertEquals(new RequestVoteReply(1, 0, 3, true), c.receive(0));
        }
    }

    @Test
    void wrongClusterIsRejectedCountedAndNeverDelivered() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            RawPeer.Result r = RawPeer.helloThenMessage(c.addresses.get(0), new Hello("other-cluster", 1),
                    new RequestVote(1, 0, 99, 0, 0));
            assertEquals(Hello.Status.WRONG_CLUSTER, r.status());
            assertTrue(r.closedByServer());
            Cluster.await(() -> c.node(0).stats().rejectedWrongCluster() == 1, "rejection counted");
            assertEquals(0, c.node(0).stats().delivered());
            assertTrue(c.inboxes.get(0).isEmpty());
        }
    }

    @Test
    void unknownNodeIsRejectedCountedAndNeverDelivered() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            RawPeer.Result r = RawPeer.helloThenMessage(c.addresses.get(0), new Hello(Cluster.ID, 7),
                    new RequestVote(7, 0, 99, 0, 0));
            assertEquals(Hello.Status.UNKNOWN_NODE, r.status());
            assertTrue(r.closedByServer());
            // A node claiming to be the receiver itself is not a peer either.
            assertEquals(Hello.Status.UNKNOWN_NODE, RawPeer.helloThenMessage(c.addresses.get(0),
                    new Hello(Cluster.ID, 0), new RequestVote(0, 0, 99, 0, 0)).status());
            Cluster.await(() -> c.node(0).stats().rejectedUnknownNode() == 2, "rejections counted");
            assertEquals(0, c.node(0).stats().delivered());
            assertTrue(c.inboxes.get(0).isEmpty());
        }
    }

    @Test
    void aTransportOfAnotherClusterNeverConnects() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            c.awaitAllConnected();
            TransportConfig intruder = TransportConfig.of("other-cluster", 1, RoundTripProbe.freeLoopbackAddress(),
                    c.addresses).withBackoff(10, 50);
            try (NettyTransport t = new NettyTransport(intruder, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> t.stats().refusedByPeer() >= 2, "the intruder is refused, repeatedly");
                assertFalse(t.isConnected(0));
                t.send(new RequestVote(1, 0, 42, 0, 0));
            }
            assertTrue(c.node(0).stats().rejectedWrongCluster() >= 2);
            assertTrue(c.inboxes.get(0).isEmpty());
        }
    }

    @Test
    void garbageInsteadOfHelloIsRejected() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            RawPeer.Result r = RawPeer.send(c.addresses.get(0), RawPeer.frame("GET / HTTP/1.1\r\n".getBytes()));
            assertTrue(r.closedByServer());
            assertEquals(Hello.Status.BAD_HELLO, r.status());
            Cluster.await(() -> c.node(0).stats().rejectedBadHello() == 1, "rejection counted");
        }
    }

    @Test
    void aSilentCallerIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        try (Cluster c = new Cluster(2, cfg -> cfg.withHandshakeTimeoutMillis(100));
             Socket s = new Socket(c.addresses.get(0).getAddress(), c.addresses.get(0).getPort())) {
            s.setSoTimeout((int) Cluster.WAIT.toMillis());
            assertEquals(-1, s.getInputStream().read(), "the server hangs up on a caller that never says hello");
            Cluster.await(() -> c.node(0).stats().rejectedBadHello() == 1, "silent caller counted");
        }
    }

    @Test
    void aPeerCannotSpeakForAnotherNode() throws Exception {
        try (Cluster c = new Cluster(3, UnaryOperator.identity())) {
            RawPeer.Result r = RawPeer.helloThenMessage(c.addresses.get(0), new Hello(Cluster.ID, 1),
                    new RequestVote(2, 0, 99, 0, 0));
            assertEquals(Hello.Status.ACCEPTED, r.status());
            Cluster.await(() -> c.node(0).stats().misaddressed() == 1, "spoofed sender counted");
            assertEquals(0, c.node(0).stats().delivered());
            assertTrue(c.inboxes.get(0).isEmpty());
        }
    }

    @Test
    void oversizeFramesAreRefusedBothWays() throws Exception {
        try (Cluster c = new Cluster(2, cfg -> cfg.withMaxFrameBytes(1024))) {
            c.awaitAllConnected();
            // Outbound: never put on the wire.
            c.node(0).send(new Message.InstallSnapshot(0, 1, 1, 5, 1, new byte[4096]));
            Cluster.await(() -> c.node(0).stats().oversizeDropped() == 1, "oversize message counted");
            c.node(0).send(new RequestVote(0, 1, 2, 0, 0));
            assertEquals(2, c.receive(1).term(), "the connection survives a dropped oversize message");
            // Inbound: a peer announcing a huge frame is disconnected before it is buffered.
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(RawPeer.frame(RawPeer.helloBytes(new Hello(Cluster.ID, 0))));
            new DataOutputStream(raw).writeInt(1 << 30);
            RawPeer.Result r = RawPeer.send(c.addresses.get(1), raw.toByteArray());
            assertEquals(Hello.Status.ACCEPTED, r.status());
            assertTrue(r.closedByServer());
            Cluster.await(() -> c.node(1).stats().connectionsClosedOnError() == 1, "oversize frame counted");
        }
    }

    @Test
    void undecodableFrameIsCountedAndDropped() throws Exception {
        try (Cluster c = new Cluster(2, UnaryOperator.identity())) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(RawPeer.frame(RawPeer.helloBytes(new Hello(Cluster.ID, 1))));
            raw.write(RawPeer.frame(new byte[] {1, 2, 3}));
            raw.write(RawPeer.frame(raft.codec.MessageCodec.encode(new RequestVote(1, 0, 5, 0, 0))));
            RawPeer.Result r = RawPeer.send(c.addresses.get(0), raw.toByteArray(), false);
            assertEquals(Hello.Status.ACCEPTED, r.status());
            assertEquals(5, c.receive(0).term(), "a good message after a bad one still arrives");
            assertEquals(1, c.node(0).stats().decodeErrors());
        }
    }

    @Test
    void roundTripProbeMeasures() throws Exception {
        RoundTripProbe.Result r = RoundTripProbe.measure(WireCodec.RAFT, 200, 500);
        System.out.println(r);
        assertEquals(500, r.samples());
        assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p99Micros());
    }

    /** A hand-driven client speaking the wire format directly, to send what a real transport never would. */
    static final class RawPeer {
        record Result(Hello.Status status, boolean closedByServer) {}

        static byte[] helloBytes(Hello h) {
            return ByteBufUtil.getBytes(h.encode(UnpooledByteBufAllocator.DEFAULT));
        }

        static byte[] frame(byte[] body) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(body.length);
            d.write(body);
            return out.toByteArray();
        }

        static Result helloThenMessage(InetSocketAddress to, Hello hello, Message m) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(frame(helloBytes(hello)));
            raw.write(frame(raft.codec.MessageCodec.encode(m)));
            return send(to, raw.toByteArray(), false);
        }

        static Result send(InetSocketAddress to, byte[] bytes) throws IOException {
            return send(to, bytes, true);
        }

        /** Writes bytes in one go, reads the ack; after a refusal (or if awaitClose) waits for the server to hang up. */
        static Result send(InetSocketAddress to, byte[] bytes, boolean awaitClose) throws IOException {
            try (Socket s = new Socket(to.getAddress(), to.getPort())) {
                s.setSoTimeout((int) Cluster.WAIT.toMillis());
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                int len = in.readInt();
                byte[] ack = new byte[len];
                in.readFully(ack);
                Hello.Status status = Hello.decodeAck(io.netty.buffer.Unpooled.wrappedBuffer(ack));
                boolean closed = false;
                if (awaitClose || status != Hello.Status.ACCEPTED) {
                    closed = readsToEnd(in);
                }
                return new Result(status, closed);
            }
        }

        private static boolean readsToEnd(InputStream in) {
            try {
                return in.read() == -1;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the server also counts as hung up
            }
        }
    }
}
