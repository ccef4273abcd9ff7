package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server that streams a fixed answer:
 * {@code POST /v1/chat/completions} with {@code "stream": true} answers {@code text/event-stream} of
 * {@code chat.completion.chunk} objects, one per 1-3 character token, then {@code data: [DONE]}
 * (OpenAI API reference, "Create chat completion" / "The chat completion chunk object"). With a
 * seed, requests take turns through several answers, each cut as a Qwen-style stream
 * ({@link LlmTokenStream}: 1-3 hanzi per token, gaps 0.5-1.5 times the inter-token delay).
 * Delays run on the event loop's scheduler; nothing blocks.
 */
public final class FakeLlmServer implements AutoCloseable {

    /** Failure to simulate on every request. */
    public enum Fault {
        NONE,
        /** HTTP 500 with an OpenAI error object. */
        STATUS_500,
        /** The connection is closed after half of the tokens, without finish_reason or [DONE]. */
        CLOSE_HALF_WAY
    }

    /**
     * @param answers         the texts streamed back in turn, whatever was asked
     * @param firstTokenDelay from the request to the first token
     * @param interTokenDelay between tokens (the mean, with a seed)
     * @param seed            0: the first answer, tokens of 2, 1, 3... characters evenly spaced; else
     *                        every answer in turn, as seeded realistic streams
     */
    public record Settings(List<String> answers, Duration firstTokenDelay, Duration interTokenDelay, Fault fault,
            long seed) {

        public Settings {
            answers = List.copyOf(answers);
            if (answers.isEmpty() || answers.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("answers must not be empty");
            }
        }

        /** A short Chinese collections answer, 300 ms to the first token, 30 ms between tokens. */
        public static Settings defaults() {
            return new Settings(List.of("您好，我是银行客服。您本期账单应还款一千二百元，请问您方便在明天之前还款吗？"),
                    Duration.ofMillis(300), Duration.ofMillis(30), Fault.NONE, 0);
        }

        /** The first (or only) answer. */
        public String answer() {
            return answers.getFirst();
        }

        public Settings withAnswer(String text) {
            return new Settings(List.of(text), firstTokenDelay, interTokenDelay, fault, 0);
        }

        /** The Chinese customer-service answers of {@link LlmTokenStream#ANSWERS} in turn, streamed as seeded. */
        public Settings withRealisticAnswers(long streamSeed) {
            List<String> chinese = LlmTokenStream.ANSWERS.stream()
                    .filter(a -> Character.UnicodeScript.of(a.codePointAt(0)) == Character.UnicodeScript.HAN).toList();
            return new Settings(chinese, firstTokenDelay, interTokenDelay, fault, streamSeed);
        }

        public Settings withDelays(Duration firstToken, Duration interToken) {
            return new Settings(answers, firstToken, interToken, fault, seed);
        }

        public Settings withFault(Fault f) {
            return new Settings(answers, firstTokenDelay, interTokenDelay, f, seed);
        }
    }

    private static final String PATH = "/v1/chat/completions";

    private final Settings settings;
    private final List<String> tokens;
    private final LlmTokenStream streams;
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server = new LoopbackServer("fake-llm");
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answersCompleted = new AtomicInteger();
    private volatile int port;

    public FakeLlmServer(Settings settings) {
        this.settings = settings;
        this.tokens = tokens(settings.answer());
        this.streams = new LlmTokenStream(settings.seed());
    }

    /** Listens on a free loopback port. */
    public FakeLlmServer start() {
        return start(0);
    }

    public FakeLlmServer start(int wantedPort) {
        port = server.start(wantedPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
            }
        });
        return this;
    }

    public int port() {
        return port;
    }

    /** The OpenAI base URL, {@code http://127.0.0.1:<port>/v1}; clients append {@code /chat/completions}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** Chat-completions requests received so far, faulty or not. */
    public int requests() {
        return requests.get();
    }

    /** Answers streamed to their {@code [DONE]}. */
    public int answersCompleted() {
        return answersCompleted.get();
    }

    /** The tokens the first answer is streamed in, without a seed. */
    public List<String> tokens() {
        return tokens;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Splits by code points into tokens of 2, 1, 3, 2, 1, 3... characters, like a real tokenizer's uneven pieces. */
    static List<String> tokens(String text) {
        int[] sizes = {2, 1, 3};
        List<String> out = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        for (int i = 0, n = 0; i < cps.length; n++) {
            int len = Math.min(sizes[n % sizes.length], cps.length - i);
            out.add(new String(cps, i, len));
            i += len;
        }
        return List.copyOf(out);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = request.uri().split("\\?", 2)[0];
            if (!path.equals(PATH)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no such path " + path);
                return;
            }
            if (!request.method().equals(HttpMethod.POST)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
                return;
            }
            requests.incrementAndGet();
            JsonNode body;
            try {
                body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "body is not JSON");
                return;
            }
            if (body == null || !body.path("messages").isArray() || !body.path("stream").asBoolean(false)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST,
                        "this fake serves only streaming requests with messages");
                return;
            }
            if (settings.fault() == Fault.STATUS_500) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "simulated failure");
                return;
            }
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.writeAndFlush(head);
            String model = body.path("model").asText("fake-llm");
            // OpenAI API reference, "stream_options": include_usage adds a last chunk with choices [] and usage
            boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
            new Answer(ctx, "chatcmpl-fake-" + requests.get(), model, keepAlive, usage, promptTokens(body), nextStream())
                    .schedule(settings.firstTokenDelay().toNanos());
        }

        /** The fake's tokenizer: one token per character of the messages' content. */
        private static int promptTokens(JsonNode body) {
            int count = 0;
            for (JsonNode message : body.path("messages")) {
                String content = message.path("content").asText("");
                count += content.codePointCount(0, content.length());
            }
            return count;
        }
    }

    /** The next answer's tokens with their gaps: requests come on several event loops, so one at a time. */
    private synchronized List<LlmTokenStream.Token> nextStream() {
        long gap = settings.interTokenDelay().toNanos();
        if (settings.seed() == 0) {
            return tokens.stream().map(t -> new LlmTokenStream.Token(t, gap)).toList();
        }
        return streams.stream(settings.answers().get((requests.get() - 1) % settings.answers().size()), gap);
    }

    /** Streams one answer: one scheduled task per token on the connection's event loop. */
    private final class Answer implements Runnable {
        private final ChannelHandlerContext ctx;
        private final String id;
        private final String model;
        private final boolean keepAlive;
        private final boolean usage;
        private final int promptTokens;
        private final long created = System.currentTimeMillis() / 1000;
        private final List<LlmTokenStream.Token> tokens;
        private int next;

        Answer(ChannelHandlerContext ctx, String id, String model, boolean keepAlive, boolean usage,
               int promptTokens, List<LlmTokenStream.Token> tokens) {
            this.ctx = ctx;
            this.id = id;
            this.model = model;
            this.keepAlive = keepAlive;
            this.usage = usage;
            this.promptTokens = promptTokens;
            this.tokens = tokens;
        }

        void schedule(long delayNanos) {
            ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (settings.fault() == Fault.CLOSE_HALF_WAY && next >= tokens.size() / 2) {
                ctx.close();
                return;
            }
            if (next < tokens.size()) {
                write(chunk(tokens.get(next).text(), null, next == 0));
                next++;
                if (next < tokens.size()) {
                    schedule(tokens.get(next).gapNanos());
                } else {
                    schedule(settings.interTokenDelay().toNanos());
                }
                return;
            }
            write(chunk(null, "stop", false));
            if (usage) {
                write(usageChunk());
            }
            write("[DONE]"); // OpenAI streaming: the stream is terminated by a data: [DONE] message
            answersCompleted.incrementAndGet();
            ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** A chat.completion.chunk: the first delta carries the role, the last an empty delta and finish_reason. */
        private String chunk(String content, String finishReason, boolean first) {
            ObjectNode c = json.createObjectNode();
            c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (content != null) {
                delta.put("content", content);
            }
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            if (usage) { // "all other chunks will also include a usage field, but with a null value"
                c.putNull("usage");
            }
            return c.toString();
        }

        /** The last chunk when usage was asked for: {@code choices: []} and the answer's token counts. */
        private String usageChunk() {
            ObjectNode c = json.createObjectNode();
            c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
            c.putArray("choices");
            c.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", tokens.size())
                    .put("total_tokens", promptTokens + tokens.size());
            return c.toString();
        }

        /** One server-sent event: "data: ...\n\n" (WHATWG HTML, server-sent events). */
        private void write(String data) {
            byte[] bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }
}
