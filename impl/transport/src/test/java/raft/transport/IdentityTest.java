package raft.transport;

import org.junit.jupiter.api.Test;
import raft.core.Message.RequestVote;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** Without TLS a cluster secret proves each hello: wrong secrets, replays and duplicate ids are refused. */
class IdentityTest {
    static final ClusterSecret SECRET = new ClusterSecret("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8));
    static final ClusterSecret OTHER = new ClusterSecret("another-secret-of-16+".getBytes(StandardCharsets.UTF_8));

    @Test
    void membersThatKnowTheSecretTalk() throws Exception {
        try (Cluster c = new Cluster(3, cfg -> cfg.withSecret(SECRET))) {
            c.awaitAllConnected();
            c.node(0).send(new RequestVote(0, 2, 4, 1, 1));
            assertEquals(new RequestVote(0, 2, 4, 1, 1), c.receive(2));
        }
    }

    @Test
    void aCallerWithTheWrongSecretIsRefused() {
        try (Cluster c = new Cluster(2, cfg -> cfg.withSecret(SECRET))) {
            c.awaitAllConnected();
            TransportConfig intruder = TransportConfig.of(Cluster.ID, 1, RoundTripProbe.freeLoopbackAddress(),
                    c.addresses).withBackoff(10, 50).withSecret(OTHER);
            try (NettyTransport t = new NettyTransport(intruder, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> c.node(0).stats().rejectedBadProof() >= 2, "the intruder is refused, repeatedly");
                assertTrue(t.stats().refusedByPeer() >= 1, "and the intruder sees node 0 fail its proof too");
                t.send(new RequestVote(1, 0, 55, 0, 0));
            }
            assertTrue(c.inboxes.get(0).stream().noneMatch(m -> m.term() == 55));
        }
    }

    @Test
    void aCallerWithoutASecretIsRefusedByAClusterWithOne() {
        try (Cluster c = new Cluster(2, cfg -> cfg.withSecret(SECRET))) {
            TransportConfig plain = TransportConfig.of(Cluster.ID, 1, RoundTripProbe.freeLoopbackAddress(),
                    c.addresses).withBackoff(10, 50);
            try (NettyTransport t = new NettyTransport(plain, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> t.stats().refusedByPeer() >= 2, "it cannot answer the challenge");
                assertFalse(t.isConnected(0));
            }
        }
    }

    @Test
    void aRecordedProofDoesNotOpenASecondConnection() throws Exception {
        try (Cluster c = new Cluster(2, cfg -> cfg.withSecret(SECRET))) {
            InetSocketAddress to = c.addresses.get(0);
            Hello hello = new Hello(Cluster.ID, 1, 42, new byte[Hello.NONCE_BYTES]);
            byte[] recorded;
            try (Socket s = new Socket(to.getAddress(), to.getPort())) {
                Hello.Challenge ch = challenge(s, hello);
                recorded = SECRET.proof("client", Cluster.ID, 1, 42, hello.nonce(), ch.nonce());
                assertEquals(Hello.Status.ACCEPTED, proveAndAck(s, recorded), "a genuine proof is accepted");
            }
            try (Socket s = new Socket(to.getAddress(), to.getPort())) {
                challenge(s, hello);   // the same hello: a fresh server nonce all the same
                assertEquals(Hello.Status.BAD_PROOF, proveAndAck(s, recorded), "the replay is refused");
            }
            Cluster.await(() -> c.node(0).stats().rejectedBadProof() == 1, "the replay is counted");
        }
    }

    @Test
    void twoLiveProcessesClaimingOneIdAreDetectedAndRefused() {
        try (Cluster c = new Cluster(3, cfg -> cfg.withSecret(SECRET))) {
            c.awaitAllConnected();
            // A second process started as node 1 by mistake: same secret, its own address and incarnation.
            TransportConfig twin = TransportConfig.of(Cluster.ID, 1, RoundTripProbe.freeLoopbackAddress(),
                    c.addresses).withBackoff(10, 50).withSecret(SECRET);
            try (NettyTransport t = new NettyTransport(twin, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> c.node(0).stats().rejectedDuplicate() >= 1
                        && c.node(2).stats().rejectedDuplicate() >= 1, "both other nodes notice the duplicate");
            }
        }
    }

    @Test
    void aRestartedPeerIsNotTakenForADuplicate() throws Exception {
        try (Cluster c = new Cluster(2, cfg -> cfg.withSecret(SECRET).withBackoff(10, 50))) {
            c.awaitAllConnected();
            c.restart(1);
            c.awaitAllConnected();
            c.restart(1);
            c.awaitAllConnected();
            c.node(1).send(new RequestVote(1, 0, 9, 0, 0));
            assertEquals(9, c.receive(0).term());
            assertEquals(0, c.node(0).stats().rejectedDuplicate());
        }
    }

    private static Hello.Challenge challenge(Socket s, Hello hello) throws Exception {
        s.setSoTimeout((int) Cluster.WAIT.toMillis());
        byte[] h = NettyTransportTest.RawPeer.helloBytes(hello);
        s.getOutputStream().write(NettyTransportTest.RawPeer.frame(h));
        byte[] frame = readFrame(s);
        ByteBuffer b = ByteBuffer.wrap(frame);
        assertEquals(Hello.CHALLENGE_MAGIC, b.getInt(), "a challenge, not an ack");
        byte[] nonce = new byte[Hello.NONCE_BYTES];
        byte[] proof = new byte[Hello.MAC_BYTES];
        b.get(nonce).get(proof);
        return new Hello.Challenge(nonce, proof);
    }

    private static Hello.Status proveAndAck(Socket s, byte[] proof) throws Exception {
        ByteBuffer p = ByteBuffer.allocate(4 + proof.length).putInt(Hello.PROOF_MAGIC).put(proof);
        s.getOutputStream().write(NettyTransportTest.RawPeer.frame(p.array()));
        return Hello.decodeAck(io.netty.buffer.Unpooled.wrappedBuffer(readFrame(s)));
    }

    private static byte[] readFrame(Socket s) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }
}
