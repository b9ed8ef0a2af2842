package raft.kv;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The client never guesses: a request that may have arrived is UNKNOWN, one that never left is FAIL. */
class KvClientOutcomeTest {

    private static final KvClient.Options FAST = new KvClient.Options(200, 800, false);

    @Test
    void nobodyListeningMeansFailed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (KvClient c = new KvClient(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), FAST)) {
            KvClient.Response r = c.session().put("k", "v").get();
            assertEquals(KvClient.Outcome.FAIL, r.outcome(), r.toString());
        }
    }

    @Test
    void aServerThatTakesTheRequestAndGoesSilentMeansUnknown() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket conn = s.accept()) {
                    conn.getInputStream().readAllBytes();   // swallow everything, answer nothing
                } catch (Exception ignored) {
                    // test over
                }
            });
            t.setDaemon(true);
            t.start();
            try (KvClient c = new KvClient(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    s.getLocalPort())), FAST)) {
                KvClient.Response r = c.session().put("k", "v").get();
                assertEquals(KvClient.Outcome.UNKNOWN, r.outcome(), r.toString());
            }
        }
    }
}
