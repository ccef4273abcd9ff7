package io.callrobot.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API requests: the event loop hands over the request, a virtual thread checks access, finds
 * the route, runs the handler (which may block on the store) and writes the answer. A small answer
 * goes out whole with its length; a large one (a results export) streams in chunks, each written
 * only once the previous one has left, so a slow client holds one chunk of memory, not the export.
 * A large body whose length the handler gives (a recording) streams the same way under that length.
 */
public final class ApiDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
    /** Bytes buffered before a streamed answer sends a chunk. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final ApiRoutes routes;
    private final ApiAccess access;
    private final ObjectMapper json;
    private final Executor executor;

    /** @param executor runs handlers; a virtual thread per task in the server */
    public ApiDispatcher(ApiRoutes routes, ApiAccess access, ObjectMapper json, Executor executor) {
        this.routes = routes;
        this.access = access;
        this.json = json;
        this.executor = executor;
    }

    /** Whether {@code path} belongs to the API. */
    public static boolean handles(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Takes over {@code request} (called on the event loop; the request is read here, not retained). */
    public void dispatch(Channel channel, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        String method = request.method().name().toUpperCase(Locale.ROOT);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String contentType = mediaType(request.headers());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Map<String, String> headers = new java.util.HashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        SocketAddress peer = channel.remoteAddress();
        // one request at a time per connection: a pipelined next request waits for this answer
        channel.config().setAutoRead(false);
        executor.execute(() -> {
            ApiResponse response;
            try {
                access.check(authorization, peer);
                ApiRoutes.Resolved route = routes.resolve(method, uri.path());
                response = route.handler().handle(new ApiRequest(method, uri.path(), route.params(),
                        uri.parameters(), contentType, body, headers));
            } catch (ApiException e) {
                response = error(e.status(), e.field(), e.getMessage());
            } catch (Exception | Error e) {
                log.error("API {} {} failed", method, uri.path(), e);
                response = error(500, null, "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            send(channel, keepAlive, response);
            channel.config().setAutoRead(true);
        });
    }

    /** A JSON error answer: {@code {"error": "...", "field": "..."}}. */
    ApiResponse error(int status, String field, String message) {
        ObjectNode node = json.createObjectNode().put("error", message);
        if (field != null) {
            node.put("field", field);
        }
        try {
            return ApiResponse.of(status, "application/json", json.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(Channel channel, boolean keepAlive, ApiResponse response) {
        ChunkingStream out = new ChunkingStream(channel, keepAlive, response);
        try {
            response.body().writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            // a client gone mid-export, or a body that failed after its head went out: nothing to answer
            log.warn("API answer {} not completed: {}", response.status(), e.toString());
            channel.close();
        }
    }

    private static String mediaType(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE, "");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Buffers the body; at close, a body that fit in one buffer goes out as one response with its
     * length, else the head went out chunked at the first full buffer and the rest follows.
     */
    private static final class ChunkingStream extends OutputStream {

        private final Channel channel;
        private final boolean keepAlive;
        private final ApiResponse response;
        private ByteBuf buffer = Unpooled.buffer(256);
        private boolean headSent;
        private boolean closed;

        ChunkingStream(Channel channel, boolean keepAlive, ApiResponse response) {
            this.channel = channel;
            this.keepAlive = keepAlive;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            buffer.writeByte(b);
            sendIfFull();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            buffer.writeBytes(b, off, len);
            sendIfFull();
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("answer already sent");
            }
            if (headSent && !channel.isActive()) {
                throw new IOException("client closed the connection");
            }
        }

        private void sendIfFull() throws IOException {
            if (buffer.readableBytes() < CHUNK_BYTES) {
                return;
            }
            if (!headSent) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status());
                headers(head.headers());
                if (!response.lengthKnown()) {
                    HttpUtil.setTransferEncodingChunked(head, true);
                }
                channel.write(head);
                headSent = true;
            }
            ByteBuf chunk = buffer;
            buffer = Unpooled.buffer(CHUNK_BYTES);
            // wait until it has left: memory stays one chunk whatever the client's pace
            if (!channel.writeAndFlush(new DefaultHttpContent(chunk)).awaitUninterruptibly().isSuccess()) {
                throw new IOException("client closed the connection");
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (headSent) {
                channel.write(new DefaultHttpContent(buffer));
                finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
                return;
            }
            DefaultFullHttpResponse whole = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(), buffer);
            headers(whole.headers());
            whole.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, buffer.readableBytes());
            finish(channel.writeAndFlush(whole));
        }

        private HttpResponseStatus status() {
            return HttpResponseStatus.valueOf(response.status());
        }

        private void headers(HttpHeaders headers) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            for (Map.Entry<String, String> h : response.headers().entrySet()) {
                headers.set(h.getKey(), h.getValue());
            }
            if (response.status() == 401) {
                headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"); // RFC 6750 section 3
            }
            headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }

        private void finish(io.netty.channel.ChannelFuture sent) {
            if (!keepAlive) {
                sent.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
