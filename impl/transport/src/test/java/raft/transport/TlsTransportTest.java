package raft.transport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Mutual TLS: keystores are made by the test (JDK only), so nothing secret lives in the repository. */
class TlsTransportTest {
    static final char[] PASS = "test-pass".toCharArray();

    @TempDir
    static Path keys;
    static TlsSettings cluster;
    static TlsSettings rogue;

    @BeforeAll
    static void makeKeystores() throws Exception {
        TestCertificates.Identity member = TestCertificates.selfSigned("raft-test-cluster");
        TestCertificates.Identity outsider = TestCertificates.selfSigned("not-a-member");
        TestCertificates.writeKeyStore(keys.resolve("cluster.p12"), PASS, member);
        TestCertificates.writeKeyStore(keys.resolve("rogue.p12"), PASS, outsider);
        TestCertificates.writeTrustStore(keys.resolve("trust.p12"), PASS, member.certificate());
        cluster = new TlsSettings(keys.resolve("cluster.p12"), PASS, keys.resolve("trust.p12"), PASS);
        // The rogue trusts the cluster, so any refusal is the cluster refusing the rogue's certificate.
        rogue = new TlsSettings(keys.resolve("rogue.p12"), PASS, keys.resolve("trust.p12"), PASS);
    }

    @Test
    void membersWithTheClusterCertificateTalk() throws Exception {
        try (Cluster c = new Cluster(3, cfg -> cfg.withTls(cluster))) {
            c.awaitAllConnected();
            c.node(0).send(new RequestVote(0, 2, 4, 1, 1));
            assertEquals(new RequestVote(0, 2, 4, 1, 1), c.receive(2));
            c.node(2).send(new RequestVoteReply(2, 0, 4, true));
            assertEquals(new RequestVoteReply(2, 0, 4, true), c.receive(0));
            assertEquals(0, c.node(0).stats().rejectedTls());
        }
    }

    @Test
    void aNodeWithoutTheClusterCertificateIsRefused() {
        try (Cluster c = new Cluster(2, cfg -> cfg.withTls(cluster))) {
            c.awaitAllConnected();
            // Right cluster id, a member's node id, a certificate the cluster does not trust.
            TransportConfig impostor = c.config(1).withTls(rogue);
            impostor = new TransportConfig(impostor.clusterId(), 1, RoundTripProbe.freeLoopbackAddress(),
                    impostor.peers(), impostor.maxFrameBytes(), 10, 50, impostor.handshakeTimeoutMillis(),
                    impostor.writeBufferBytes(), rogue);
            try (NettyTransport t = new NettyTransport(impostor, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> c.node(0).stats().rejectedTls() >= 2, "the impostor is refused, repeatedly");
                assertFalse(t.isConnected(0));
                t.send(new RequestVote(1, 0, 66, 0, 0));
            }
            assertTrue(c.inboxes.get(0).stream().noneMatch(m -> m.term() == 66));
        }
    }

    @Test
    void aPlainTcpNodeIsRefusedByATlsCluster() {
        try (Cluster c = new Cluster(2, cfg -> cfg.withTls(cluster))) {
            TransportConfig plain = new TransportConfig(Cluster.ID, 1, RoundTripProbe.freeLoopbackAddress(),
                    c.addresses, 1 << 20, 10, 50, 5000, 1 << 20, null);
            try (NettyTransport t = new NettyTransport(plain, WireCodec.RAFT, m -> {}).start()) {
                Cluster.await(() -> c.node(0).stats().rejectedTls() >= 1, "plain TCP refused");
                assertFalse(t.isConnected(0));
            }
            assertEquals(0, c.node(0).stats().delivered());
        }
    }
}
