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
import java.util.HashMap;
import java.util.List;
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
 * A body that flushes (an event stream) sends what it has written at once; a large body whose
 * length the handler gives (a recording) streams the same way under that length. Logins, logouts
 * and every request that changes something go to the audit trail once answered.
 */
public final class ApiDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
    /** Bytes buffered before a streamed answer sends a chunk. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final ApiRoutes routes;
    private final ApiAccess access;
    private final ObjectMapper json;
    private final Executor executor;
    private final SessionEndpoints sessions;
    private final AuditTrail audit;

    /** @param executor runs handlers; a virtual thread per task in the server */
    public ApiDispatcher(ApiRoutes routes, ApiAccess access, ObjectMapper json, Executor executor) {
        this(routes, access, json, executor, AuditTrail.NONE);
    }

    /** @param audit told of every request that changes something, after it was answered */
    public ApiDispatcher(ApiRoutes routes, ApiAccess access, ObjectMapper json, Executor executor, AuditTrail audit) {
        this.routes = routes;
        this.access = access;
        this.json = json;
        this.executor = executor;
        this.sessions = new SessionEndpoints(access, json);
        this.audit = audit;
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
        HttpHeaders headers = request.headers();
        AccessRequest credentials = new AccessRequest(method, uri.path(), headers.get(HttpHeaderNames.AUTHORIZATION),
                headers.get(HttpHeaderNames.COOKIE), headers.get(ApiAccess.CSRF_HEADER), headers.get(HttpHeaderNames.ORIGIN),
                headers.get(HttpHeaderNames.HOST), channel.remoteAddress());
        String contentType = mediaType(headers);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Map<String, String> headerValues = new HashMap<>();
        headers.forEach(h -> headerValues.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        // one request at a time per connection: a pipelined next request waits for this answer
        channel.config().setAutoRead(false);
        executor.execute(() -> {
            SessionEndpoints.Answer answer = answer(credentials, uri, contentType, body, headerValues);
            send(channel, keepAlive, answer.response(), answer.cookies());
            channel.config().setAutoRead(true);
            if (credentials.changes()) {
                record(credentials, answer);
            }
        });
    }

    private SessionEndpoints.Answer answer(AccessRequest credentials, QueryStringDecoder uri, String contentType,
            byte[] body, Map<String, String> headers) {
        String method = credentials.method();
        String user = "anonymous";
        try {
            if (SessionEndpoints.handles(uri.path())) {
                return sessions.handle(credentials, body);
            }
            ApiUser apiUser = access.authenticate(credentials);
            user = apiUser.name();
            ApiAccess.authorize(apiUser, credentials);
            ApiRoutes.Resolved route = routes.resolve(method, uri.path());
            ApiResponse response = route.handler().handle(new ApiRequest(method, uri.path(), route.params(),
                    uri.parameters(), contentType, body, headers, apiUser));
            return new SessionEndpoints.Answer(response, List.of(), user, null);
        } catch (ApiException e) {
            return new SessionEndpoints.Answer(error(e.status(), e.field(), e.getMessage()), List.of(), user, e.getMessage());
        } catch (Exception | Error e) {
            log.error("API {} {} failed", method, uri.path(), e);
            String message = "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new SessionEndpoints.Answer(error(500, null, message), List.of(), user, message);
        }
    }

    /** Off the event loop, after the answer: a store that is down costs a log line, not the request. */
    private void record(AccessRequest credentials, SessionEndpoints.Answer answer) {
        try {
            audit.record(answer.user(), credentials.method(), credentials.path(), answer.response().status(),
                    answer.detail(), credentials.client());
        } catch (RuntimeException e) {
            log.warn("audit entry not recorded ({} {} {} by {}): {}", credentials.method(), credentials.path(),
                    answer.response().status(), answer.user(), e.toString());
        }
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

    private void send(Channel channel, boolean keepAlive, ApiResponse response, List<String> cookies) {
        ChunkingStream out = new ChunkingStream(channel, keepAlive, response, cookies);
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
        private final List<String> cookies;
        private ByteBuf buffer = Unpooled.buffer(256);
        private boolean headSent;
        private boolean closed;

        ChunkingStream(Channel channel, boolean keepAlive, ApiResponse response, List<String> cookies) {
            this.channel = channel;
            this.keepAlive = keepAlive;
            this.response = response;
            this.cookies = cookies;
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
            if (buffer.readableBytes() >= CHUNK_BYTES) {
                sendChunk();
            }
        }

        /**
         * Sends what is buffered as a chunk; with nothing buffered, looks whether the client is still
         * there (with auto-read off, a closed connection is only seen by reading from it).
         */
        @Override
        public void flush() throws IOException {
            ensureOpen();
            if (buffer.isReadable()) {
                sendChunk();
            } else if (headSent) {
                channel.read();
            }
        }

        private void sendChunk() throws IOException {
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
            buffer = Unpooled.buffer(Math.min(CHUNK_BYTES, 2 * chunk.readableBytes()));
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
            headers.set(HttpHeaderNames.SET_COOKIE, cookies); // RFC 6265 section 3: one header per cookie
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
