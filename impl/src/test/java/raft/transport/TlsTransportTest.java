package raft.transport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raft.core.Message.RequestVote;
import raft.core.Message.RequestVoteReply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Mutual TLS: keystores are made here with the JDK's keytool, so nothing secret lives in the repository. */
class TlsTransportTest {
    static final char[] PASS = "test-pass".toCharArray();

    @TempDir
    static Path keys;
    static TlsSettings cluster;
    static TlsSettings rogue;

    @BeforeAll
    static void makeKeystores() throws Exception {
        // The two key pairs are independent: make them at once (each keytool is a JVM start).
        Process clusterKey = keytool("-genkeypair", "-alias", "cluster", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=raft-test-cluster", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("cluster.p12").toString(), "-storepass", new String(PASS));
        Process rogueKey = keytool("-genkeypair", "-alias", "rogue", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=not-a-member", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("rogue.p12").toString(), "-storepass", new String(PASS));
        finish(clusterKey);
        finish(rogueKey);
        finish(keytool("-exportcert", "-alias", "cluster", "-keystore", keys.resolve("cluster.p12").toString(),
                "-storepass", new String(PASS), "-file", keys.resolve("cluster.crt").toString()));
        finish(keytool("-importcert", "-noprompt", "-alias", "cluster", "-file", keys.resolve("cluster.crt").toString(),
                "-storetype", "PKCS12", "-keystore", keys.resolve("trust.p12").toString(), "-storepass", new String(PASS)));
        cluster = new TlsSettings(keys.resolve("cluster.p12"), PASS, keys.resolve("trust.p12"), PASS);
        // The rogue trusts the cluster, so any refusal is the cluster refusing the rogue's certificate.
        rogue = new TlsSettings(keys.resolve("rogue.p12"), PASS, keys.resolve("trust.p12"), PASS);
    }

    static Process keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static void finish(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
        assertEquals(0, p.exitValue(), "keytool " + p.info().commandLine().orElse("") + ": " + out);
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
