package io.callrobot.net.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Client websockets (RFC 6455, {@code ws://} and {@code wss://}) on one event loop group of a few
 * platform threads, whatever the number of connections: epoll where netty's native transport loads,
 * else NIO. A connection's frames are written from any thread without a lock; each connection may
 * hold up to {@code maxQueuedBytes} not yet sent before its binary sends are dropped.
 */
public final class WsClient implements AutoCloseable {

    /** The largest message taken from a server; FunASR's results are a few hundred bytes. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** The largest handshake response taken, body included (an error page). */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final SslContext tls;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final WriteBufferWaterMark queueBound;

    /**
     * @param threadName     names the loop threads ({@code threadName-1-1}, ...)
     * @param threads          event loop threads
     * @param handshakeTimeout how long the server may take to answer the opening handshake once connected
     * @param closeTimeout     how long a close waits for the peer's close frame before the connection is dropped
     * @param maxQueuedBytes   bytes a connection may hold unsent before binary sends are dropped
     */
    public WsClient(String threadName, int threads, Duration handshakeTimeout, Duration closeTimeout,
                    int maxQueuedBytes) {
        this(threadName, threads, handshakeTimeout, closeTimeout, maxQueuedBytes, defaultTls());
    }

    /** As above, trusting what {@code tls} trusts on {@code wss://}. */
    public WsClient(String threadName, int threads, Duration handshakeTimeout, Duration closeTimeout,
                    int maxQueuedBytes, SslContext tls) {
        if (threads <= 0 || maxQueuedBytes <= 0 || !positive(handshakeTimeout) || !positive(closeTimeout)) {
            throw new IllegalArgumentException("websocket client needs threads, a queue bound and time-outs > 0: "
                    + threads + ", " + maxQueuedBytes + ", " + handshakeTimeout + ", " + closeTimeout);
        }
        this.epoll = Epoll.isAvailable();
        DefaultThreadFactory factory = new DefaultThreadFactory(threadName, true);
        this.group = epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
        this.closeTimeout = closeTimeout;
        this.queueBound = new WriteBufferWaterMark(maxQueuedBytes / 2, maxQueuedBytes);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /**
     * A client for streaming audio: the handshake may take 10 s (okhttp's default read time-out, which
     * bounded it when FunASR ran on okhttp: a loaded server answers late), a close waits 5 s for the peer's answer, and a connection holding
     * more than 256 KiB unsent (8 s of 16 kHz 16-bit audio: a slow handshake, or a caller's audio sent
     * faster than real time, fits) drops binary sends until it drains.
     */
    public static WsClient forAudio(String threadName, int threads) {
        return new WsClient(threadName, threads, Duration.ofSeconds(10), Duration.ofSeconds(5), 256 * 1024);
    }

    private static SslContext defaultTls() {
        try {
            // the JDK's trust store; hostname checked as for HTTPS (RFC 6455 §4.1 uses TLS as HTTPS does)
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * Starts connecting and returns at once; frames sent before the handshake completes go out after
     * it. The host name is resolved on the calling thread. Failures, including no TCP connection within
     * {@code connectTimeout}, a refused handshake and none answered in the client's handshake time-out,
     * go to {@code listener}.
     *
     * @param subprotocol offered in {@code Sec-WebSocket-Protocol}, or null
     * @throws IllegalArgumentException if {@code uri} is not {@code ws://} or {@code wss://} with a host
     */
    public WsConnection connect(URI uri, String subprotocol, Duration connectTimeout, WsListener listener) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw new IllegalArgumentException("websocket URL must be ws://host or wss://host: " + uri);
        }
        boolean secure = scheme.equals("wss");
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, subprotocol, false, new DefaultHttpHeaders(), MAX_MESSAGE_BYTES);
        Channel channel = epoll ? new EpollSocketChannel() : new NioSocketChannel();
        channel.config().setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(queueBound);
        WsConnection connection = new WsConnection(channel);
        WsHandler handler = new WsHandler(connection, handshaker, listener, handshakeTimeout.toMillis(),
                closeTimeout.toMillis());
        if (secure) {
            channel.pipeline().addLast(tls.newHandler(channel.alloc(), uri.getHost(), port));
        }
        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES),
                new WebSocketFrameAggregator(MAX_MESSAGE_BYTES), handler);
        // registering assigns the channel its loop before this returns, so sends may follow at once
        group.register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                handler.connectFailed(registered.cause());
            } else if (address.isUnresolved()) {
                handler.connectFailed(new UnknownHostException(uri.getHost()));
            } else {
                channel.connect(address).addListener(connected -> {
                    if (!connected.isSuccess()) {
                        handler.connectFailed(connected.cause());
                    }
                });
            }
        });
        return connection;
    }

    /** Drops every connection and stops the loops. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
