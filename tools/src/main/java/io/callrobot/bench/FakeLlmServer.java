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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server that streams a fixed answer:
 * {@code POST /v1/chat/completions} with {@code "stream": true} answers {@code text/event-stream} of
 * {@code chat.completion.chunk} objects, one per 1-3 character token, then {@code data: [DONE]}
 * (OpenAI API reference, "Create chat completion" / "The chat completion chunk object"). With a
 * seed, requests take turns through several answers, each cut as a Qwen-style stream
 * ({@link LlmTokenStream}: 1-3 hanzi per token, gaps 0.5-1.5 times the inter-token delay). With a
 * {@link Settings#script script}, requests take turns through scripted answers that may call tools,
 * streamed as OpenAI or DashScope compatible mode stream {@code delta.tool_calls}. Every request body
 * is kept ({@link #requestBodies}). Delays run on the event loop's scheduler; nothing blocks.
 */
public final class FakeLlmServer implements AutoCloseable {

    /** Failure to simulate on every request. */
    public enum Fault {
        NONE,
        /** HTTP 500 with an OpenAI error object. */
        STATUS_500,
        /** The connection is closed after half of the tokens, without finish_reason or [DONE]. */
        CLOSE_HALF_WAY,
        /**
         * A request with {@code tools} gets HTTP 400 as from vLLM started without
         * {@code --enable-auto-tool-choice}; requests without tools are answered.
         */
        TOOLS_UNSUPPORTED
    }

    /** How a scripted answer's tool calls are cut into streamed fragments. */
    public enum Dialect {
        /**
         * OpenAI (API reference, "The chat completion chunk object", {@code delta.tool_calls}): a call's
         * first fragment has {@code index}, {@code id}, {@code type}, {@code function.name} and empty
         * arguments; later ones only {@code index} and a piece of {@code function.arguments}.
         */
        OPENAI,
        /**
         * DashScope compatible mode (Alibaba Cloud Model Studio, "Function Calling", streaming output):
         * the first fragment carries the name and the first piece of arguments; later ones repeat
         * {@code type} with {@code id: ""} and carry only argument pieces.
         */
        DASHSCOPE
    }

    /** A function call a scripted answer makes; {@code arguments} is sent verbatim, valid JSON or not. */
    public record ScriptedCall(String id, String name, String arguments) {
    }

    /**
     * One scripted answer: {@code text} streamed first as content tokens (may be empty), then the
     * calls, ending with {@code finish_reason: "tool_calls"} when there are any, else {@code "stop"}.
     */
    public record ScriptedAnswer(String text, List<ScriptedCall> calls, Dialect dialect) {

        public ScriptedAnswer {
            calls = List.copyOf(calls);
            if (text.isEmpty() && calls.isEmpty()) {
                throw new IllegalArgumentException("a scripted answer needs text or calls");
            }
        }

        /** A spoken answer without calls. */
        public static ScriptedAnswer text(String text) {
            return new ScriptedAnswer(text, List.of(), Dialect.OPENAI);
        }

        /** {@code text} (may be empty), then the calls, cut the OpenAI way. */
        public static ScriptedAnswer calls(String text, ScriptedCall... calls) {
            return new ScriptedAnswer(text, List.of(calls), Dialect.OPENAI);
        }

        public ScriptedAnswer in(Dialect other) {
            return new ScriptedAnswer(text, calls, other);
        }
    }

    /**
     * @param answers         the texts streamed back in turn, whatever was asked
     * @param firstTokenDelay from the request to the first token
     * @param interTokenDelay between tokens (the mean, with a seed)
     * @param seed            0: the first answer, tokens of 2, 1, 3... characters evenly spaced; else
     *                        every answer in turn, as seeded realistic streams
     * @param script          when not empty, replaces {@code answers}: the n-th request gets the n-th
     *                        scripted answer, the last one repeating; text in tokens of 2, 1, 3 characters,
     *                        arguments in pieces of 3, 5, 4, evenly spaced by {@code interTokenDelay}
     */
    public record Settings(List<String> answers, Duration firstTokenDelay, Duration interTokenDelay, Fault fault,
            long seed, List<ScriptedAnswer> script) {

        public Settings {
            answers = List.copyOf(answers);
            script = List.copyOf(script);
            if (answers.isEmpty() || answers.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("answers must not be empty");
            }
        }

        /** A short Chinese collections answer, 300 ms to the first token, 30 ms between tokens. */
        public static Settings defaults() {
            return new Settings(List.of("您好，我是银行客服。您本期账单应还款一千二百元，请问您方便在明天之前还款吗？"),
                    Duration.ofMillis(300), Duration.ofMillis(30), Fault.NONE, 0, List.of());
        }

        /** The first (or only) answer. */
        public String answer() {
            return answers.getFirst();
        }

        public Settings withAnswer(String text) {
            return new Settings(List.of(text), firstTokenDelay, interTokenDelay, fault, 0, List.of());
        }

        /** The Chinese customer-service answers of {@link LlmTokenStream#ANSWERS} in turn, streamed as seeded. */
        public Settings withRealisticAnswers(long streamSeed) {
            List<String> chinese = LlmTokenStream.ANSWERS.stream()
                    .filter(a -> Character.UnicodeScript.of(a.codePointAt(0)) == Character.UnicodeScript.HAN).toList();
            return new Settings(chinese, firstTokenDelay, interTokenDelay, fault, streamSeed, List.of());
        }

        public Settings withDelays(Duration firstToken, Duration interToken) {
            return new Settings(answers, firstToken, interToken, fault, seed, script);
        }

        public Settings withFault(Fault f) {
            return new Settings(answers, firstTokenDelay, interTokenDelay, f, seed, script);
        }

        /** Requests get these answers in order, the last one repeating. */
        public Settings withScript(ScriptedAnswer... scripted) {
            return new Settings(answers, firstTokenDelay, interTokenDelay, fault, seed, List.of(scripted));
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
    private final List<JsonNode> requestBodies = new CopyOnWriteArrayList<>();
    private final List<JsonNode> oneTokenRequests = new CopyOnWriteArrayList<>();
    /** Guarded by this: the answer of an unseeded, unscripted fake, built on the first request. */
    private Streamed evenAnswer;
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

    /**
     * Requests limited to one token ({@code max_completion_tokens} or {@code max_tokens} 1, e.g. a
     * start-up probe), in order: they get one token and {@code finish_reason: "length"}, and are not
     * in {@link #requests}, {@link #requestBodies} nor a turn of the script.
     */
    public List<JsonNode> oneTokenRequests() {
        return List.copyOf(oneTokenRequests);
    }

    /** Chat-completions requests received so far, faulty or not, except {@link #oneTokenRequests}. */
    public int requests() {
        return requests.get();
    }

    /** The JSON bodies of the chat-completions requests received so far, in order (those that parsed), except {@link #oneTokenRequests}. */
    public List<JsonNode> requestBodies() {
        return List.copyOf(requestBodies);
    }

    /** Answers streamed to their {@code [DONE]}, except those of {@link #oneTokenRequests}. */
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
        return pieces(text, new int[] {2, 1, 3});
    }

    /** Splits by code points into pieces of the given sizes in turn. */
    static List<String> pieces(String text, int[] sizes) {
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
            JsonNode body;
            try {
                body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                requests.incrementAndGet();
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "body is not JSON");
                return;
            }
            boolean oneToken = body != null && oneTokenLimit(body);
            if (oneToken) {
                oneTokenRequests.add(body);
            } else {
                requests.incrementAndGet();
            }
            if (body == null || !body.path("messages").isArray() || !body.path("stream").asBoolean(false)) {
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST,
                        "this fake serves only streaming requests with messages");
                return;
            }
            if (!oneToken) {
                requestBodies.add(body);
            }
            if (settings.fault() == Fault.TOOLS_UNSUPPORTED && body.path("tools").isArray()) {
                // vLLM's answer without --enable-auto-tool-choice (vllm entrypoints/openai serving_chat.py)
                HttpReplies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST,
                        "\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set");
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
            // a real server stops a one-token answer with finish_reason "length" (OpenAI API reference, chat object)
            Streamed streamed = oneToken
                    ? new Streamed(List.of(new Piece(content(tokens.getFirst()), 0)), "length") : nextAnswer();
            new Answer(ctx, "chatcmpl-fake-" + requests.get(), model, keepAlive, usage, promptTokens(body), streamed,
                    !oneToken)
                    .schedule(settings.firstTokenDelay().toNanos());
        }

        /** {@code max_completion_tokens} or {@code max_tokens} is 1, as in a start-up probe. */
        private static boolean oneTokenLimit(JsonNode body) {
            return body.path("max_completion_tokens").asInt(0) == 1 || body.path("max_tokens").asInt(0) == 1;
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

    /** What one answer streams: each delta with the gap before it, then the finish reason. */
    private record Streamed(List<Piece> pieces, String finishReason) {
    }

    private record Piece(ObjectNode delta, long gapNanos) {
    }

    /** The next answer: requests come on several event loops, so one at a time. */
    private synchronized Streamed nextAnswer() {
        long gap = settings.interTokenDelay().toNanos();
        if (settings.script().isEmpty() && settings.seed() == 0) {
            if (evenAnswer == null) { // the same every time: its deltas are built once
                evenAnswer = new Streamed(tokens.stream().map(t -> new Piece(content(t), gap)).toList(), "stop");
            }
            return evenAnswer;
        }
        if (!settings.script().isEmpty()) {
            List<ScriptedAnswer> script = settings.script();
            return scripted(script.get(Math.min(requests.get(), script.size()) - 1), gap);
        }
        List<LlmTokenStream.Token> stream =
                streams.stream(settings.answers().get((requests.get() - 1) % settings.answers().size()), gap);
        return new Streamed(stream.stream().map(t -> new Piece(content(t.text()), t.gapNanos())).toList(), "stop");
    }

    private ObjectNode content(String text) {
        return json.createObjectNode().put("content", text);
    }

    private Streamed scripted(ScriptedAnswer answer, long gap) {
        List<Piece> pieces = new ArrayList<>();
        for (String token : tokens(answer.text())) {
            pieces.add(new Piece(content(token), gap));
        }
        for (int index = 0; index < answer.calls().size(); index++) {
            ScriptedCall call = answer.calls().get(index);
            List<String> arguments = pieces(call.arguments(), new int[] {3, 5, 4});
            boolean dashScope = answer.dialect() == Dialect.DASHSCOPE;
            ObjectNode first = json.createObjectNode();
            if (pieces.isEmpty()) { // a call with no text before it: role and content null come with it
                first.putNull("content");
            }
            ObjectNode fragment = first.putArray("tool_calls").addObject();
            fragment.put("index", index).put("id", call.id()).put("type", "function");
            ObjectNode function = fragment.putObject("function").put("name", call.name());
            function.put("arguments", dashScope && !arguments.isEmpty() ? arguments.getFirst() : "");
            pieces.add(new Piece(first, gap));
            for (String piece : dashScope ? arguments.subList(Math.min(1, arguments.size()), arguments.size()) : arguments) {
                ObjectNode delta = json.createObjectNode();
                ObjectNode later = delta.putArray("tool_calls").addObject().put("index", index);
                if (dashScope) {
                    later.put("id", "").put("type", "function");
                }
                later.putObject("function").put("arguments", piece);
                pieces.add(new Piece(delta, gap));
            }
        }
        return new Streamed(List.copyOf(pieces), answer.calls().isEmpty() ? "stop" : "tool_calls");
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
        private final List<Piece> pieces;
        /** Every server-sent event of the answer, serialised once up front: a token's timer only writes. */
        private final List<byte[]> events;
        private final List<Long> gaps;
        /** Whether it counts in {@link #answersCompleted}. */
        private final boolean counted;
        private int next;

        Answer(ChannelHandlerContext ctx, String id, String model, boolean keepAlive, boolean usage,
               int promptTokens, Streamed streamed, boolean counted) {
            this.ctx = ctx;
            this.id = id;
            this.model = model;
            this.keepAlive = keepAlive;
            this.usage = usage;
            this.promptTokens = promptTokens;
            this.pieces = streamed.pieces();
            this.counted = counted;
            List<byte[]> all = new ArrayList<>(pieces.size() + 3);
            List<Long> waits = new ArrayList<>(pieces.size() + 1);
            for (int i = 0; i < pieces.size(); i++) {
                all.add(event(chunk(pieces.get(i).delta(), null, i == 0)));
                waits.add(i + 1 < pieces.size() ? pieces.get(i + 1).gapNanos() : settings.interTokenDelay().toNanos());
            }
            all.add(event(chunk(json.createObjectNode(), streamed.finishReason(), false)));
            if (usage) {
                all.add(event(usageChunk()));
            }
            all.add(event("[DONE]")); // OpenAI streaming: the stream is terminated by a data: [DONE] message
            this.events = List.copyOf(all);
            this.gaps = List.copyOf(waits);
        }

        void schedule(long delayNanos) {
            ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (settings.fault() == Fault.CLOSE_HALF_WAY && next >= pieces.size() / 2) {
                ctx.close();
                return;
            }
            if (next < pieces.size()) {
                write(events.get(next));
                schedule(gaps.get(next));
                next++;
                return;
            }
            for (int i = pieces.size(); i < events.size(); i++) {
                write(events.get(i));
            }
            if (counted) {
                answersCompleted.incrementAndGet();
            }
            ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** A chat.completion.chunk: the first delta carries the role, the last an empty delta and finish_reason. */
        private String chunk(ObjectNode piece, String finish, boolean first) {
            ObjectNode c = json.createObjectNode();
            c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            delta.setAll(piece);
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
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
            c.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", pieces.size())
                    .put("total_tokens", promptTokens + pieces.size());
            return c.toString();
        }

        /** One server-sent event: "data: ...\n\n" (WHATWG HTML, server-sent events). */
        private static byte[] event(String data) {
            return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        }

        private void write(byte[] event) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
        }
    }
}
