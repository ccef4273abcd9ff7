package io.callrobot.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A netty server on 127.0.0.1 with one event-loop thread: the shared plumbing of the fakes. */
final class LoopbackServer {

    private final String name;
    private EventLoopGroup group;
    private Channel channel;

    LoopbackServer(String name) {
        this.name = name;
    }

    /** Binds {@code port} (0 picks a free one); returns the bound port. */
    synchronized int start(int port, ChannelInitializer<SocketChannel> pipeline) {
        if (group != null) {
            throw new IllegalStateException(name + " already started");
        }
        group = new NioEventLoopGroup(1, new DefaultThreadFactory(name, true));
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(pipeline).bind("127.0.0.1", port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            group = null;
            throw e;
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Closes the listening socket and every connection; idempotent. */
    synchronized void close() {
        if (group != null) {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
