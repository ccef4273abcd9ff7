package io.callrobot.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatEngineTest {

    private final MockWebServer server = new MockWebServer();
    private final CountDownLatch clientIdle = new CountDownLatch(1);
    private OkHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        Dispatcher dispatcher = new Dispatcher();
        client = new OkHttpClient.Builder().dispatcher(dispatcher).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.dispatcher().executorService().shutdownNow();
        server.shutdown();
    }

    private LlmConfig config(String key, Duration readTimeout) {
        return new LlmConfig(server.url("/v1").toString(), "qwen-plus", key, 0.3, 256, "max_completion_tokens", true, "auto",
                Duration.ofSeconds(5), readTimeout);
    }

    private OpenAiChatEngine engine() {
        return new OpenAiChatEngine(config(null, Duration.ofSeconds(10)), client);
    }

    private static LlmRequest request() {
        return new LlmRequest("call-1", List.of(ChatMessage.system("你是银行客服。"), ChatMessage.user("我的账单是多少？")));
    }

    /** A chunk as OpenAI streams it. */
    private static String chunk(String content, String finishReason) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var delta = mapper.createObjectNode();
        if (content != null) {
            delta.put("content", content);
        }
        var choice = mapper.createObjectNode();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        var root = mapper.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", "qwen-plus");
        root.putArray("choices").add(choice);
        return "data: " + mapper.writeValueAsString(root) + "\n\n";
    }

    private static String roleChunk() {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    }

    private static String usageChunk() {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,\"total_tokens\":29}}\n\n";
    }

    private static MockResponse sse(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    private static String stream(String... tokens) throws Exception {
        StringBuilder body = new StringBuilder(roleChunk());
        for (String token : tokens) {
            body.append(chunk(token, null));
        }
        return body.toString();
    }

    @Test
    void streamsChineseTokensInOrderUntilDone() throws Exception {
        server.enqueue(sse(stream("您", "本月", "账单", "是", "1", ",", "200", "元", "。")
                + chunk(null, "stop") + usageChunk() + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        ChatCompletionCall call = engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.tokens).containsExactly("您", "本月", "账单", "是", "1", ",", "200", "元", "。");
        assertThat(listener.events).endsWith("usage", "complete").containsOnlyOnce("complete");
        assertThat(listener.usage).containsExactly(new LlmUsage(20, 9, 29));
        assertThat(call.finishReason()).isEqualTo("stop");
    }

    @Test
    void streamsEnglishTokensKeepingSpaces() throws Exception {
        server.enqueue(sse(stream("Your", " balance", " is", " $", "3", ".", "50", ".")
                + chunk(null, "length") + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        ChatCompletionCall call = engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(String.join("", listener.tokens)).isEqualTo("Your balance is $3.50.");
        assertThat(call.finishReason()).isEqualTo("length");
    }

    @Test
    void sendsTheChatCompletionsRequestAsSpecified() throws Exception {
        server.enqueue(sse(stream("好") + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(config("sk-test", Duration.ofSeconds(10)), client).stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        RecordedRequest recorded = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(recorded.getHeader("Accept")).isEqualTo("text/event-stream");
        assertThat(recorded.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(recorded.getBody().readUtf8());
        assertThat(body.get("model").asText()).isEqualTo("qwen-plus");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(body.has("max_tokens")).as("o-series models refuse max_tokens").isFalse();
        assertThat(body.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("你是银行客服。");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("我的账单是多少？");
    }

    @Test
    void compatibleServersGetMaxTokensAndNoStreamOptionsWhenConfigured() throws Exception {
        server.enqueue(sse(stream("好") + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(config(null, Duration.ofSeconds(10)).withFields("max_tokens", false), client)
                .stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        JsonNode body = new ObjectMapper().readTree(server.takeRequest(10, TimeUnit.SECONDS).getBody().readUtf8());
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(listener.usage).isEmpty();
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() throws Exception {
        server.enqueue(sse(stream("好") + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(server.takeRequest(10, TimeUnit.SECONDS).getHeader("Authorization")).isNull();
    }

    @Test
    void httpErrorFailsOnceWithStatusAndServerMessage() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\",\"code\":null}}"));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("HTTP 500")
                .hasMessageContaining("The server had an error while processing your request.");
        assertThat(listener.events).containsExactly("failure");
    }

    @Test
    void streamClosedAfterAFinishReasonWithoutDoneCompletes() throws Exception {
        server.enqueue(sse(stream("您好", "。") + chunk(null, "stop") + usageChunk()));
        RecordingLlmListener listener = new RecordingLlmListener();

        ChatCompletionCall call = engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.tokens).containsExactly("您好", "。");
        assertThat(listener.events).endsWith("usage", "complete").containsOnlyOnce("complete");
        assertThat(call.finishReason()).isEqualTo("stop");
    }

    @Test
    void streamClosedBeforeDoneFails() throws Exception {
        server.enqueue(sse(stream("您好", "，")));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("stream ended before [DONE]");
        assertThat(listener.tokens).containsExactly("您好", "，");
        assertThat(listener.events).containsOnlyOnce("failure").doesNotContain("complete");
    }

    @Test
    void connectionDroppedMidBodyFails() throws Exception {
        server.enqueue(sse(stream("您好", "，", "请问", "有什么") + "data: [DONE]\n\n")
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("stream ended before [DONE]");
        assertThat(listener.events).containsOnlyOnce("failure").doesNotContain("complete");
    }

    @Test
    void malformedDataLineFailsAndStopsTheStream() throws Exception {
        server.enqueue(sse(stream("您好") + "data: {\"choices\":[{\"delta\":{\"content\":\"半\n\n"
                + chunk("后面", null) + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("malformed JSON");
        assertThat(listener.tokens).containsExactly("您好");
        assertThat(listener.events).containsOnlyOnce("failure");
    }

    @Test
    void errorObjectInsideTheStreamFails() throws Exception {
        server.enqueue(sse(stream("您好") + "data: {\"error\":{\"message\":\"model overloaded\"}}\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("model overloaded");
    }

    @Test
    void refusedConnectionFails() throws Exception {
        String url = server.url("/v1").toString();
        server.shutdown();
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(new LlmConfig(url, "m", null, 0, 16, "max_tokens", false, "auto", Duration.ofSeconds(5),
                Duration.ofSeconds(5)), client)
                .stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("connection failed");
        assertThat(listener.events).containsExactly("failure");
    }

    @Test
    void slowButSteadyServerCompletes() throws Exception {
        String body = stream("慢", "慢", "说", "。") + "data: [DONE]\n\n";
        // each throttle period delivers a fraction of one event; every pause is far below the read time-out
        server.enqueue(sse(body).throttleBody(60, 50, TimeUnit.MILLISECONDS));
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(config(null, Duration.ofSeconds(10)), client).stream(request(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.tokens).containsExactly("慢", "慢", "说", "。");
    }

    @Test
    void stalledServerHitsTheReadTimeout() throws Exception {
        String first = roleChunk() + chunk("您好", null);
        String rest = chunk("，", null) + "data: [DONE]\n\n";
        // after the first events the server pauses for 2 s, far longer than the 300 ms read time-out
        server.enqueue(sse(first + rest).throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                2, TimeUnit.SECONDS));
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(config(null, Duration.ofMillis(300)), client).stream(request(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("read time-out");
        assertThat(listener.tokens).containsExactly("您好");
        assertThat(listener.events).containsOnlyOnce("failure");
    }

    @Test
    void cancelMidStreamSilencesTheListener() throws Exception {
        String first = roleChunk() + chunk("您好", null);
        server.enqueue(sse(first + stream("，", "这里", "是") + "data: [DONE]\n\n")
                .throttleBody(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, 500, TimeUnit.MILLISECONDS));
        client.dispatcher().setIdleCallback(clientIdle::countDown);
        RecordingLlmListener listener = new RecordingLlmListener();

        ChatCompletionCall call = engine().stream(request(), listener);
        assertThat(listener.firstToken.get(20, TimeUnit.SECONDS)).isEqualTo("您好");
        call.cancel();
        call.cancel();

        // once okhttp has finished the call no callback can still be on its way
        assertThat(clientIdle.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.events).containsExactly("token");
        assertThat(listener.terminal).isNotDone();
    }

    private static LlmRequest toolRequest() throws Exception {
        return new LlmRequest("call-1", List.of(ChatMessage.user("转人工")), List.of(new ToolDefinition("transfer",
                "把来电转给人工坐席", new ObjectMapper().readTree("{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\"}}}"))),
                ToolChoice.AUTO);
    }

    private static String toolFragment(int index, String id, String name, String arguments) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var call = mapper.createObjectNode().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        var function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        var root = mapper.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk");
        var choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").putArray("tool_calls").add(call);
        choice.putNull("finish_reason");
        return "data: " + mapper.writeValueAsString(root) + "\n\n";
    }

    @Test
    void textThenToolCallsArriveOnceBeforeTheCompletion() throws Exception {
        server.enqueue(sse(stream("好的，", "请稍等。")
                + toolFragment(0, "call_1", "transfer", "") + toolFragment(0, null, null, "{\"to\":")
                + toolFragment(0, null, null, "\"agent\"}") + chunk(null, "tool_calls") + usageChunk()
                + "data: [DONE]\n\n"));
        RecordingLlmListener listener = new RecordingLlmListener();

        ChatCompletionCall call = engine().stream(toolRequest(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.tokens).containsExactly("好的，", "请稍等。");
        assertThat(listener.events).endsWith("token", "usage", "toolCalls", "complete").containsOnlyOnce("toolCalls");
        assertThat(listener.toolCalls).singleElement().satisfies(calls -> assertThat(calls).singleElement()
                .satisfies(c -> {
                    assertThat(c.id()).isEqualTo("call_1");
                    assertThat(c.name()).isEqualTo("transfer");
                    assertThat(c.parsed().get("to").asText()).isEqualTo("agent");
                }));
        assertThat(call.finishReason()).isEqualTo("tool_calls");
        JsonNode body = new ObjectMapper().readTree(server.takeRequest(10, TimeUnit.SECONDS).getBody().readUtf8());
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("transfer");
        assertThat(body.get("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void halfStreamedToolCallsAreNotDeliveredWhenTheStreamBreaks() throws Exception {
        server.enqueue(sse(stream() + toolFragment(0, "call_1", "transfer", "{\"to\":")));
        RecordingLlmListener listener = new RecordingLlmListener();

        engine().stream(toolRequest(), listener);

        assertThat(listener.awaitEnd()).hasMessageContaining("stream ended before [DONE]");
        assertThat(listener.events).containsExactly("failure");
    }

    @Test
    void serverWithoutToolSupportIsAskedAgainWithoutToolsAndNeverSentThemAgain() throws Exception {
        // vLLM started without --enable-auto-tool-choice answers a request with tools this way
        server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                .setBody("{\"object\":\"error\",\"message\":\"\\\"auto\\\" tool choice requires "
                        + "--enable-auto-tool-choice and --tool-call-parser to be set\",\"type\":\"BadRequestError\","
                        + "\"param\":null,\"code\":400}"));
        server.enqueue(sse(stream("您好") + chunk(null, "stop") + "data: [DONE]\n\n"));
        server.enqueue(sse(stream("再见") + chunk(null, "stop") + "data: [DONE]\n\n"));
        OpenAiChatEngine engine = engine();
        RecordingLlmListener listener = new RecordingLlmListener();

        engine.stream(toolRequest(), listener);

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.tokens).containsExactly("您好");
        assertThat(engine.sendsTools()).isFalse();
        assertThat(requestBody().has("tools")).isTrue();
        JsonNode retried = requestBody();
        assertThat(retried.has("tools")).isFalse();
        assertThat(retried.has("tool_choice")).isFalse();
        assertThat(retried.get("messages")).hasSize(1);

        RecordingLlmListener next = new RecordingLlmListener();
        engine.stream(toolRequest(), next);
        assertThat(next.awaitEnd()).isNull();
        assertThat(requestBody().has("tools")).as("tools stay off").isFalse();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    private JsonNode requestBody() throws Exception {
        return new ObjectMapper().readTree(server.takeRequest(10, TimeUnit.SECONDS).getBody().readUtf8());
    }

    @Test
    void aBadRequestWithoutToolsStaysAPlainHttpError() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"gemma3:4b does not support tools\"}}"));
        RecordingLlmListener listener = new RecordingLlmListener();

        new OpenAiChatEngine(config(null, Duration.ofSeconds(10)).withTools("off"), client)
                .stream(toolRequest(), listener);

        assertThat(listener.awaitEnd()).isNotInstanceOf(ToolsUnsupportedException.class).hasMessageContaining("HTTP 400");
        JsonNode body = new ObjectMapper().readTree(server.takeRequest(10, TimeUnit.SECONDS).getBody().readUtf8());
        assertThat(body.has("tools")).isFalse();
    }
}
