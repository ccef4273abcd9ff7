package io.callrobot.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.config.HttpConfig;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ConsoleAssets;
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
import java.util.Map;
import java.util.Optional;

/**
 * The ops endpoint: {@code GET /health} (200 once ready, else 503), {@code GET /metrics}
 * (Prometheus text format), {@code GET /calls} (calls in progress as JSON) and
 * {@code GET /calls/{uuid}} (a call in progress, or the record of a recently ended one). A connection
 * is closed when idle too long, when its request is not whole in time, after a malformed request,
 * or at once when {@code http.maxConnections} are already open. Paths under {@code /api/} go to the
 * JSON API ({@link ApiDispatcher}); {@code /}, {@code /ui/...} and {@code /vendor/...} are the web
 * console ({@link ConsoleAssets}).
 */
public final class OpsHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpConfig config;
    private final CallMetrics metrics;
    private final LiveCalls calls;
    private final RecentCalls recent;
    private final ApiDispatcher api;
    private final ConsoleAssets console;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private EventLoopGroup group;
    private Channel channel;

    /**
     * @param api     answers {@code /api/...}; null for a server without the API
     * @param console serves the web console at {@code /}; null for a server without it
     */
    public OpsHttpServer(HttpConfig config, CallMetrics metrics, LiveCalls calls, RecentCalls recent, ApiDispatcher api,
            ConsoleAssets console) {
        this.config = config;
        this.metrics = metrics;
        this.calls = calls;
        this.recent = recent;
        this.api = api;
        this.console = console;
    }

    /** Binds; port 0 picks a free port, see {@link #port()}. */
    public OpsHttpServer start() throws InterruptedException {
        group = new NioEventLoopGroup(1, Thread.ofPlatform().name("ops-http").daemon().factory());
        ConnectionLimit limit = new ConnectionLimit(config.maxConnections(), metrics);
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (limit.admit(ch)) {
                            ch.pipeline().addLast(
                                    new ConnectionDeadlines(config.idleTimeout(), config.requestTimeout(), metrics),
                                    new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(config.maxRequestBytes()),
                                    new Handler());
                        }
                    }
                })
                .bind(config.host(), config.port()).sync().channel();
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
                // the decoder discards everything after a framing error: this connection can carry nothing more
                metrics.httpConnectionClosed("bad_request");
                respond(ctx, false, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (api != null && ApiDispatcher.handles(path)) {
                api.dispatch(ctx.channel(), request);
                return;
            }
            if (!HttpMethod.GET.equals(request.method())) {
                respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            if (console != null && ConsoleAssets.handles(path)) {
                console.serve(ctx.channel(), request, path);
                return;
            }
            switch (path) {
                case "/health" -> {
                    boolean ready = metrics.ready();
                    respond(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "application/json", ready ? "{\"status\":\"ready\"}\n" : "{\"status\":\"starting\"}\n");
                }
                case "/metrics" -> respond(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS_TYPE, metrics.scrape());
                case "/calls" -> respond(ctx, keepAlive, HttpResponseStatus.OK, "application/json",
                        toJson(Map.of("calls", calls.liveCalls().stream().map(c -> c.withNumbers(LiveCall::lastFour)).toList())));
                default -> {
                    Object call = path.startsWith("/calls/") ? find(path.substring("/calls/".length())) : null;
                    if (call != null) {
                        respond(ctx, keepAlive, HttpResponseStatus.OK, "application/json", toJson(call));
                    } else {
                        respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                                "not found; try /, /health, /metrics, /calls or /calls/{uuid}\n");
                    }
                }
            }
        }

        private Object find(String uuid) {
            Optional<LiveCall> live = calls.liveCall(uuid);
            return live.isPresent() ? live.get().withNumbers(LiveCall::lastFour) : recent.find(uuid).orElse(null);
        }

        private String toJson(Object value) {
            try {
                return json.writeValueAsString(value) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
                String type, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
