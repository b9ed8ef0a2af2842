package raft.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import raft.core.Message;
import raft.node.Transport;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Raft messages over TCP between processes, on Netty. Each node dials every peer and
 * sends only on its own outbound connection; it receives on the connections its
 * peers dial. Every connection starts with a {@link Hello} (cluster id, node id) that
 * the receiver checks before any message is delivered, optionally inside mutual TLS.
 * <pre>
 *   NettyTransport t = new NettyTransport(TransportConfig.of("c1", 0, listen, peers), WireCodec.RAFT);
 *   RaftNode node = RaftNode.newBuilder().id(0).clusterSize(n).storage(storage).transport(t)...build();
 *   t.start(node::receive);   // binds the listen address, starts dialling peers
 *   t.send(message);    // never blocks; dropped (and counted) while the peer is unreachable
 *   t.close();
 * </pre>
 * The consumer runs on a transport I/O thread, in order per sending peer: a node that writes
 * to disk in receive() belongs behind a {@link NodeInbox}.
 */
public final class NettyTransport implements Transport, AutoCloseable {
    /** How long two incarnations of one id must both keep dialling to be taken for two live processes. */
    static final long DUPLICATE_WINDOW_MILLIS = 30_000;
    private final TransportConfig config;
    private final WireCodec codec;
    private Consumer<Message> inbound;
    private final TransportStats stats = new TransportStats();
    private final Map<Integer, PeerLink> links = new ConcurrentHashMap<>();
    /** Who may dial us: the configuration's members, changed at run time by setPeers/addPeer/removePeer. */
    private final Set<Integer> admitted = ConcurrentHashMap.newKeySet();
    /** Builds a link to a peer once started (null before): addPeer after start() dials at once. */
    private java.util.function.BiFunction<Integer, InetSocketAddress, PeerLink> linkFactory;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;
    private volatile boolean closed;
    private final boolean checkOwnCertificate;

    public NettyTransport(TransportConfig config, WireCodec codec, Consumer<Message> inbound) {
        this(config, codec, inbound, true);
    }

    /** checkOwnCertificate false: tests playing an impostor with another member's certificate. */
    NettyTransport(TransportConfig config, WireCodec codec, Consumer<Message> inbound, boolean checkOwnCertificate) {
        this.config = config;
        this.codec = codec;
        this.inbound = inbound;
        this.checkOwnCertificate = checkOwnCertificate;
    }

    /** For when the consumer is built after the transport (a RaftNode takes its transport): see start(Consumer). */
    public NettyTransport(TransportConfig config, WireCodec codec) {
        this(config, codec, null);
    }

    /** Starts delivering to inbound (e.g. node::receive); sends before this are dropped. */
    public synchronized NettyTransport start(Consumer<Message> inbound) {
        this.inbound = inbound;
        return start();
    }

    /** Binds and starts dialling. Throws UncheckedIOException if the listen address cannot be bound. */
    public synchronized NettyTransport start() {
        if (boss != null) {
            throw new IllegalStateException("already started");
        }
        if (inbound == null) {
            throw new IllegalStateException("no inbound consumer: use start(Consumer)");
        }
        Consumer<Message> inbound = this.inbound;
        if (config.tls() != null && checkOwnCertificate) {
            java.security.cert.X509Certificate own = config.tls().ownCertificate();
            if (!NodeIdentity.names(own, config.clusterId(), config.nodeId())) {
                throw new IllegalArgumentException("the certificate in " + config.tls().keyStore() + " names "
                        + NodeIdentity.names(own) + ", not this node (" + NodeIdentity.uri(config.clusterId(),
                        config.nodeId()) + "): peers would refuse it");
            }
        }
        SslContext serverTls = config.tls() == null ? null : config.tls().serverContext();
        SslContext clientTls = config.tls() == null ? null : config.tls().clientContext();
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("raft-net-accept-" + config.nodeId(), true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("raft-net-" + config.nodeId(), true));
        config.peers().keySet().forEach(admitted::add);
        // A live view: a member added later is admitted, a removed one refused, without a restart.
        Handshake.Admission admission = Handshake.clusterMembers(config.clusterId(), config.nodeId(), admitted);
        Refusals refusals = new Refusals("node " + config.nodeId() + " raft port " + config.listen());
        Handshake.Policy policy = new Handshake.Policy(config.clusterId(), config.nodeId(), admission, config.secret(),
                serverTls != null, new Incarnations(DUPLICATE_WINDOW_MILLIS, System::nanoTime), refusals);
        ServerBootstrap sb = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (serverTls != null) {
                            ch.pipeline().addLast("tls", serverTls.newHandler(ch.alloc()));
                        }
                        Frames.install(ch.pipeline(), config.maxFrameBytes());
                        ch.pipeline().addLast("hello", Handshake.server(policy, stats, config.handshakeTimeoutMillis()));
                        ch.pipeline().addLast("messages", new InboundMessages(config.nodeId(), codec, inbound, stats,
                                refusals, admitted::contains));
                    }
                });
        try {
            server = sb.bind(config.listen()).syncUninterruptibly().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new UncheckedIOException("cannot listen on " + config.listen() + ": " + e.getMessage(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        Bootstrap base = new Bootstrap().group(workers).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1000, config.maxBackoffMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferBytes() / 2, config.writeBufferBytes()));
        // Random per start: lets peers tell this process from a restart of it, or from a second one claiming our id.
        Hello hello = new Hello(config.clusterId(), config.nodeId(), new java.security.SecureRandom().nextLong(),
                Handshake.nonce());
        linkFactory = (id, addr) -> new PeerLink(id, addr, base, ch -> {
                if (clientTls != null) {
                    ch.pipeline().addLast("tls", clientTls.newHandler(ch.alloc(), addr.getHostString(), addr.getPort()));
                }
                Frames.install(ch.pipeline(), config.maxFrameBytes());
                // A fresh nonce per connection: a recorded exchange cannot be replayed.
                Hello mine = new Hello(hello.clusterId(), hello.nodeId(), hello.incarnation(), Handshake.nonce());
                ch.pipeline().addLast("hello", Handshake.client(mine, id, config.secret(), clientTls != null, stats,
                        refusals));
                ch.pipeline().addLast("encoder", new MessageEncoder(codec, config.maxFrameBytes(), stats));
                // Many small sends in a burst become one write system call.
                ch.pipeline().addLast(PeerLink.CONSOLIDATING_FLUSH, new FlushConsolidationHandler(64, true));
            }, config, stats);
        config.peers().forEach((id, addr) -> {
            if (id != config.nodeId()) {
                links.put(id, linkFactory.apply(id, addr));
            }
        });
        links.values().forEach(PeerLink::connect);
        return this;
    }

    /**
     * Makes peers (id to address; an entry for this node is ignored) the set this node dials and
     * admits: new ids are dialled and accepted from now on, ids no longer listed are hung up on and
     * refused, an id whose address changed is redialled. Called from the membership listener.
     */
    public synchronized void setPeers(Map<Integer, InetSocketAddress> peers) {
        for (Integer id : Set.copyOf(links.keySet())) {
            if (!peers.containsKey(id)) {
                removePeer(id);
            }
        }
        peers.forEach(this::addPeer);
    }

    /** Dials and admits id at address (redials if it moved); a no-op for this node's own id or after close. */
    public synchronized void addPeer(int id, InetSocketAddress address) {
        if (id == config.nodeId() || closed) {
            return;
        }
        admitted.add(id);
        PeerLink old = links.get(id);
        if (old != null && old.address().equals(address)) {
            return;
        }
        if (old != null) {
            old.close();
        }
        if (linkFactory != null) {
            PeerLink link = linkFactory.apply(id, address);
            links.put(id, link);
            link.connect();
        }
    }

    /** Stops dialling id and refuses it from now on; its open inbound connection is closed at its next message. */
    public synchronized void removePeer(int id) {
        admitted.remove(id);
        PeerLink old = links.remove(id);
        if (old != null) {
            old.close();
        }
    }

    /** The ids this node currently dials and admits. */
    public Set<Integer> peerIds() {
        return Set.copyOf(admitted);
    }

    @Override
    public void send(Message message) {
        PeerLink link = links.get(message.to());
        if (link == null || closed) {
            stats.dropped.increment();
            return;
        }
        link.send(message);
    }

    /**
     * A send made on an event-loop thread is written by that loop's next task, after the
     * current one. The leader's node steps replies and may propose (and fsync) on these threads,
     * so before it blocks, what it sent to links on this loop goes out now.
     */
    @Override
    public void flushDeferred() {
        for (PeerLink link : links.values()) {
            link.flushIfOnLoop();
        }
    }

    /** Tests: the event loop that writes to peer (null while not connected). */
    io.netty.channel.EventLoop linkLoop(int peer) {
        PeerLink link = links.get(peer);
        return link == null ? null : link.loop();
    }

    /** True once our connection to peer has completed its handshake (and until it drops). */
    public boolean isConnected(int peer) {
        PeerLink link = links.get(peer);
        return link != null && link.isConnected();
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public TransportStats stats() {
        return stats;
    }

    public TransportConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        links.values().forEach(PeerLink::close);
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
