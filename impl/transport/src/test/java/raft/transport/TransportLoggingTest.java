package raft.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import raft.core.Message;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors the transport used to count and forget are logged through System.Logger with their
 * cause, once per run of failures or per connection. Captured with a java.util.logging handler:
 * System.Logger's default backend, as a user without a LoggerFinder of their own has it.
 */
class TransportLoggingTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = new CopyOnWriteArrayList<>(); // strong references while capturing
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private void capture(Class<?> source) {
        captureNamed(source.getName());
    }

    private void captureNamed(String name) {
        Logger l = Logger.getLogger(name);
        l.setLevel(Level.ALL);
        l.addHandler(capture);
        loggers.add(l);
    }

    @AfterEach
    void release() {
        for (Logger l : loggers) {
            l.removeHandler(capture);
            l.setLevel(null);
        }
    }

    private List<LogRecord> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).toList();
    }

    @Test
    void undecodableAndMisaddressedMessagesAreLoggedOncePerConnectionWithTheCause() {
        captureNamed("raft.transport");
        TransportStats stats = new TransportStats();
        List<Message> delivered = new CopyOnWriteArrayList<>();
        WireCodec codec = WireCodec.of(m -> new byte[0], bytes -> {
            if (bytes[0] == 1) {
                throw new IllegalArgumentException("bad tag 1 at byte 0");
            }
            return new Message.RequestVoteReply(bytes[0] == 2 ? 2 : 3, 0, 1, true);
        });
        EmbeddedChannel ch = new EmbeddedChannel(new InboundMessages(0, codec, delivered::add, stats, new Refusals("raft port")));
        ch.pipeline().fireUserEventTriggered(new Handshake.Accepted(new Hello("kv", 2)));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {2}));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}));

        assertEquals(2, stats.decodeErrors());
        assertEquals(1, stats.misaddressed());
        assertEquals(1, delivered.size());
        List<LogRecord> warnings = at(Level.WARNING);
        assertEquals(1, warnings.size(), "one line for the peer's bad messages (rate-limited): " + warnings);
        assertInstanceOf(IllegalArgumentException.class, warnings.get(0).getThrown());
        assertTrue(warnings.get(0).getMessage().contains("from node 2") && warnings.get(0).getMessage()
                .contains("bad tag 1 at byte 0"), warnings.get(0).getMessage());

        ch.pipeline().fireExceptionCaught(new IOException("connection reset by peer"));
        assertEquals(1, stats.connectionsClosedOnError());
        assertEquals(2, at(Level.WARNING).size());
        LogRecord closed = at(Level.WARNING).get(1);
        assertEquals("connection reset by peer", closed.getThrown().getMessage());
        assertTrue(closed.getMessage().contains("connection from peer 2") && closed.getMessage().contains("closed"),
                closed.getMessage());
        ch.finishAndReleaseAll();
    }

    @Test
    void aPeerThatCannotBeReachedIsLoggedOnceWithTheCauseThenOnlyAtDebug() throws Exception {
        capture(PeerLink.class);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", port);
        TransportConfig config = TransportConfig.of("kv", 0, new InetSocketAddress("127.0.0.1", 0), Map.of(1, nowhere));
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Bootstrap base = new Bootstrap().group(group).channel(NioSocketChannel.class);
            PeerLink link = new PeerLink(1, nowhere, base, ch -> { }, config, new TransportStats());
            link.connect();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (records.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            link.close();
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        assertTrue(records.size() >= 3, "three dials failed: " + records.size());
        List<LogRecord> warnings = at(Level.WARNING);
        assertEquals(1, warnings.size(), "only the first failure of the run is a warning");
        assertEquals(records.get(0), warnings.get(0));
        assertInstanceOf(ConnectException.class, warnings.get(0).getThrown());
        assertTrue(warnings.get(0).getMessage().contains("link to peer 1 at " + nowhere), warnings.get(0).getMessage());
        assertTrue(records.subList(1, 3).stream().allMatch(r -> r.getLevel() == Level.FINE), "the rest at DEBUG");
    }
}
