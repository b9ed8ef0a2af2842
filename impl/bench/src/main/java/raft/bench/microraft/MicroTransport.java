package raft.bench.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import raft.transport.Frames;

import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * MicroRaft's Transport over loopback TCP, built like our NettyTransport so the comparison is
 * of the Raft layers: Netty with one accept and two I/O threads per node, 4-byte length
 * framing, the same 8 MiB send buffer, one outbound connection per peer, sends queued and written by one event-loop
 * task per burst (one flush), decoding on the I/O thread. No handshake or TLS (ours runs
 * without TLS in the benchmark; its hello costs one frame per connection).
 */
final class MicroTransport implements Transport, AutoCloseable {
    private static final int MAX_FRAME = 64 << 20;

    private final int self;
    private final InetSocketAddress[] addresses;
    private final MicroCodec codec;
    private final EventLoopGroup boss, workers;
    private final Link[] links;
    private Channel server;

    MicroTransport(int self, InetSocketAddress[] addresses, MicroCodec codec) {
        this.self = self;
        this.addresses = addresses;
        this.codec = codec;
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("micro-accept-" + self, true));
        this.workers = new NioEventLoopGroup(2, new DefaultThreadFactory("micro-net-" + self, true));
        this.links = new Link[addresses.length];
    }

    /** Binds; inbound messages go to sink on an I/O thread. */
    void listen(Consumer<RaftMessage> sink) {
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Frames.install(ch.pipeline(), MAX_FRAME);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                RaftMessage m;
                                try {
                                    m = codec.decode(ByteBufUtil.getBytes((ByteBuf) msg));
                                } finally {
                                    ReferenceCountUtil.release(msg);
                                }
                                sink.accept(m);
                            }
                        });
                    }
                }).bind(addresses[self]).syncUninterruptibly().channel();
    }

    /** Dials every peer (all must be listening) and waits until every link is up. */
    void connect() {
        Bootstrap base = new Bootstrap().group(workers).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 8 << 20))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Frames.install(ch.pipeline(), MAX_FRAME);
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(64, true));
                    }
                });
        for (int p = 0; p < addresses.length; p++) {
            if (p != self) {
                links[p] = new Link(base.connect(addresses[p]).syncUninterruptibly().channel());
            }
        }
    }

    @Override
    public void send(RaftEndpoint target, RaftMessage message) {
        Link link = links[((Endpoint) target).id()];
        if (link != null) {
            link.send(message);
        }
    }

    @Override
    public boolean isReachable(RaftEndpoint endpoint) {
        Link link = links[((Endpoint) endpoint).id()];
        return link != null && link.channel.isActive();
    }

    @Override
    public void close() {
        for (Link l : links) {
            if (l != null) {
                l.channel.close();
            }
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One peer's connection: encoded on the event loop, one flush per burst. */
    private final class Link {
        final Channel channel;
        final Queue<RaftMessage> outbox = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Link(Channel channel) {
            this.channel = channel;
        }

        void send(RaftMessage m) {
            if (!channel.isActive() || !channel.isWritable()) {
                return; // dropped, as ours does: Raft retransmits
            }
            outbox.add(m);
            if (scheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(this::writeQueued);
            }
        }

        private void writeQueued() {
            scheduled.set(false);
            boolean any = false;
            for (RaftMessage m = outbox.poll(); m != null; m = outbox.poll()) {
                channel.write(Unpooled.wrappedBuffer(codec.encode(m)), channel.voidPromise());
                any = true;
            }
            if (any) {
                channel.flush();
            }
        }
    }
}
