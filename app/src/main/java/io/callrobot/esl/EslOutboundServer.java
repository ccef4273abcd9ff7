package io.callrobot.esl;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP server FreeSWITCH's {@code socket} application connects to, one connection per call
 * ({@code <action application="socket" data="host:8040 async full"/>}). For each accepted peer in
 * the allow-list it sends {@code connect}, waits for the channel data, then calls
 * {@link EslCallHandler#onCall}. A bad frame or time-out ends that one connection only.
 */
public final class EslOutboundServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EslOutboundServer.class);

    private final EslConfig config;
    private final EslCallHandler handler;
    private final AllowListFilter allowList;
    private final EslCommandEncoder encoder = new EslCommandEncoder();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private boolean closed;

    /** @throws IllegalArgumentException if an allowFrom entry is not an IP or CIDR */
    public EslOutboundServer(EslConfig config, EslCallHandler handler) {
        this.config = config;
        this.handler = handler;
        this.allowList = new AllowListFilter(config.allowFrom());
    }

    /**
     * Binds and starts accepting calls.
     *
     * @return the bound port (useful with port 0)
     * @throws IllegalStateException if already started or closed, or if binding fails
     */
    public synchronized int start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("server already started or closed");
        }
        bossGroup = new NioEventLoopGroup(1);
        workerGroup = new NioEventLoopGroup();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("allowList", allowList)
                                .addLast("decoder", new EslFrameDecoder(config.maxHeaderBytes(), config.maxBodyBytes()))
                                .addLast("encoder", encoder)
                                .addLast("connection", new OutboundConnection(handler, config.commandTimeout(), config.connectTimeout()));
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IllegalStateException("cannot bind ESL server to " + config.host() + ":" + config.port(), e);
        }
        LOG.info("ESL outbound server listening on {}:{}", config.host(), port());
        return port();
    }

    /** The bound port; -1 before {@link #start()}. */
    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, closes every call's connection and stops the event loops; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
