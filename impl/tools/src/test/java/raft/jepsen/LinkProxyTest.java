package raft.jepsen;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The proxy relays bytes both ways, and a cut link behaves like a peer that went away. */
class LinkProxyTest {

    @Test
    void relaysUntilCutThenRefusesUntilHealed() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (true) {
                    try (Socket s = echo.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b + 1);
                        }
                    } catch (Exception e) {
                        if (echo.isClosed()) {
                            return;
                        }
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            try (LinkProxy proxy = new LinkProxy(0, 1, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    echo.getLocalPort()))) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
                s.getOutputStream().write(41);
                assertEquals(42, s.getInputStream().read(), "relayed there and back");
                proxy.setCut(true);
                assertEquals(-1, s.getInputStream().read(), "an open connection is closed when the link is cut");
                s.close();
                try (Socket s2 = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    s2.getOutputStream().write(1);
                    assertEquals(-1, s2.getInputStream().read(), "a new connection is dropped while cut");
                } catch (java.io.IOException reset) {
                    // a reset instead of an orderly close is the same verdict: the link is down
                }
                proxy.setCut(false);
                try (Socket s3 = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    s3.getOutputStream().write(9);
                    assertEquals(10, s3.getInputStream().read(), "healed");
                }
            }
        }
    }
}
