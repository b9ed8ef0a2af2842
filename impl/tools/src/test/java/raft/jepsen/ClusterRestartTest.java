package raft.jepsen;

import org.junit.jupiter.api.Test;
import raft.kv.KvClient;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real server processes: acknowledged writes survive kill -9 of every server, and a
 * restarted server rebuilds its state from its snapshot plus log suffix.
 */
class ClusterRestartTest {

    @Test
    void acknowledgedWritesSurviveKillingEveryServer() throws Exception {
        Path dir = Files.createTempDirectory("kv-restart");
        // A snapshot every 5 entries, so recovery goes through snapshot + log suffix.
        var settings = new LocalCluster.Settings(3, dir, true, false, 5, JepsenRun.SERVER_JVM, true);
        try (LocalCluster cluster = new LocalCluster(settings)) {
            cluster.startAll();
            try (KvClient client = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults())) {
                BenchMain.awaitLeader(client, 3);
                KvClient.Session s = client.session();
                for (int i = 0; i < 20; i++) {
                    assertTrue(s.append("log", i + ",").get().ok(), "append " + i);
                }
                assertTrue(s.put("x", "1").get().ok());
            }
            for (int i = 0; i < 3; i++) {
                cluster.kill(i);
            }
            cluster.startAll();
            try (KvClient client = new KvClient(cluster.clientAddresses(), KvClient.Options.defaults())) {
                BenchMain.awaitLeader(client, 3);
                KvClient.Session s = client.session();
                StringBuilder want = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    want.append(i).append(',');
                }
                assertEquals(want.toString(), s.get("log").get().result().value());
                assertEquals("1", s.get("x").get().result().value());
                // Move leadership around: each new leader answers from its own recovered state.
                for (int round = 0; round < 3; round++) {
                    int leader = leaderOf(client, 3);
                    assertEquals(want.toString(), s.get("log").get().result().value(), "read via n" + leader);
                    cluster.kill(leader);
                    BenchMain.awaitLeader(client, 3);
                    cluster.start(leader);
                }
                // Let the last restarted server come up, so SIGTERM finds it serving.
                for (int i = 0; i < 3; i++) {
                    for (int attempt = 0; ; attempt++) {
                        try {
                            client.status(i).get();
                            break;
                        } catch (Exception e) {
                            if (attempt > 100) {
                                throw e;
                            }
                            Thread.sleep(100);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            String log = Files.readString(dir.resolve("n" + i).resolve("server.log"));
            assertTrue(log.strip().endsWith("stopped"), "n" + i + " shut down cleanly on SIGTERM:\n" + log);
            Path p = dir.resolve("n" + i).resolve("stdout.log");
            assertTrue(Files.readString(p).isEmpty(), "nothing on the console of " + p + ": " + Files.readString(p));
        }
    }

    private static int leaderOf(KvClient client, int n) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (int i = 0; i < n; i++) {
                try {
                    if (client.status(i).get().leader()) {
                        return i;
                    }
                } catch (Exception e) {
                    // down or restarting
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader");
    }
}
