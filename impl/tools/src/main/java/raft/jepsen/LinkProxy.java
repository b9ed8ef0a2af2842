package raft.jepsen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One directed link of the cluster: node `from` reaches node `to` through this relay,
 * so the harness can cut the link. While cut, open connections are closed and new ones
 * are accepted and closed at once: to both ends it looks like a peer that went away.
 */
final class LinkProxy implements AutoCloseable {
    final int from, to;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    LinkProxy(int from, int to, InetSocketAddress target) throws IOException {
        this.from = from;
        this.to = to;
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-" + from + "-" + to);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void setCut(boolean cut) {
        this.cut = cut;
        if (cut) {
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(in);
                continue;
            }
            Socket out = new Socket();
            try {
                out.connect(target, 1000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(in);
                closeQuietly(out);
                continue;
            }
            open.add(in);
            open.add(out);
            pump(in, out);
            pump(out, in);
        }
    }

    private void pump(Socket src, Socket dst) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream is = src.getInputStream(); OutputStream os = dst.getOutputStream()) {
                int n;
                while ((n = is.read(buf)) >= 0) {
                    if (cut) {
                        break;
                    }
                    os.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // either side went away: tear down both below
            } finally {
                closeQuietly(src);
                closeQuietly(dst);
                open.remove(src);
                open.remove(dst);
            }
        }, "pump-" + from + "-" + to);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        setCut(true);
    }
}
