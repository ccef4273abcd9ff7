package io.callrobot.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ops endpoint: {@code GET /health} (200 once ready, else 503), {@code GET /metrics}
 * (Prometheus text format), {@code GET /calls} (calls in progress as JSON) and
 * {@code GET /calls/{uuid}} (a call in progress, or the record of a recently ended one).
 */
public final class OpsHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final String host;
    private final int port;
    private final CallMetrics metrics;
    private final Supplier<List<LiveCall>> liveCalls;
    private final RecentCalls recent;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private EventLoopGroup group;
    private Channel channel;

    public OpsHttpServer(String host, int port, CallMetrics metrics, Supplier<List<LiveCall>> liveCalls,
            RecentCalls recent) {
        this.host = host;
        this.port = port;
        this.metrics = metrics;
        this.liveCalls = liveCalls;
        this.recent = recent;
    }

    /** Binds; port 0 picks a free port, see {@link #port()}. */
    public OpsHttpServer start() throws InterruptedException {
        group = new NioEventLoopGroup(1, Thread.ofPlatform().name("ops-http").daemon().factory());
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192),
                                new HttpObjectAggregator(16 * 1024), new Handler());
                    }
                })
                .bind(host, port).sync().channel();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
                return;
            }
            if (!HttpMethod.GET.equals(request.method())) {
                respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            String path = new QueryStringDecoder(request.uri()).path();
            switch (path) {
                case "/health" -> {
                    boolean ready = metrics.ready();
                    respond(ctx, request, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "application/json", ready ? "{\"status\":\"ready\"}\n" : "{\"status\":\"starting\"}\n");
                }
                case "/metrics" -> respond(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TYPE, metrics.scrape());
                case "/calls" -> respond(ctx, request, HttpResponseStatus.OK, "application/json",
                        toJson(Map.of("calls", liveCalls.get())));
                default -> {
                    Object call = path.startsWith("/calls/") ? find(path.substring("/calls/".length())) : null;
                    if (call != null) {
                        respond(ctx, request, HttpResponseStatus.OK, "application/json", toJson(call));
                    } else {
                        respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain",
                                "not found; try /health, /metrics, /calls or /calls/{uuid}\n");
                    }
                }
            }
        }

        private Object find(String uuid) {
            for (LiveCall call : liveCalls.get()) {
                if (call.uuid().equals(uuid)) {
                    return call;
                }
            }
            return recent.find(uuid).orElse(null);
        }

        private String toJson(Object value) {
            try {
                return json.writeValueAsString(value) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                String type, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
