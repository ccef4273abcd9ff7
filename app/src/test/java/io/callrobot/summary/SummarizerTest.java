package io.callrobot.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmConfig;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.OpenAiChatEngine;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.SummaryRecord;
import io.callrobot.ops.TurnRecord;
import io.callrobot.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One summary request per call against an OpenAI-compatible server speaking SSE: what it asks, what
 * is kept, failures and time-outs as summary errors, no request for flows without a summary, and the
 * bound on requests at once.
 */
class SummarizerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");
    private static final SummaryPrompt PROMPT = new SummaryPrompt("用一句话总结通话，并给出客户意向：高/中/低", 64, false);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<SummaryRecord> results = new CopyOnWriteArrayList<>();
    private OkHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = new OkHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        client.dispatcher().executorService().shutdownNow();
        server.shutdown();
    }

    static CallRecord record(String uuid, String flow) {
        return new CallRecord(uuid, "outbound", "4000", "13800138000", flow, Map.of("customer_name", "张三"),
                T0, T0.plusSeconds(1), T0.plusSeconds(40), "NORMAL_CLEARING", "promise_to_pay", null, List.of(
                        new TurnRecord(1, "robot", null, "张三您好，您本月账单1280元", "张三您好，您本月账单1280元，请按时还款",
                                true, 300, Map.of(), null, null),
                        new TurnRecord(2, "caller", "speech", "我下周五还", null, false, 3000, null, null, null),
                        new TurnRecord(3, "caller", "no_input", "", null, false, 9000, null, null, null)),
                List.of(), null, null, 4L, 9L, null, null, Map.of("promise_date", new TextNode("2026-12-11")));
    }

    private Summarizer summarizer(LlmEngine llm, Summarizer.Limits limits) {
        return new Summarizer(llm, flow -> "payment-reminder-zh".equals(flow) ? Optional.of(PROMPT)
                : "json-flow".equals(flow) ? Optional.of(new SummaryPrompt("总结", null, true)) : Optional.empty(),
                results::add, clock, threads, limits);
    }

    private OpenAiChatEngine engine() {
        return new OpenAiChatEngine(new LlmConfig(server.url("/v1").toString(), "qwen-plus", null, 0.3, 256,
                "max_completion_tokens", false, "auto", Duration.ofSeconds(5), Duration.ofSeconds(10)), client);
    }

    private static String stream(String... tokens) {
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                    .append(TextNode.valueOf(token)).append("},\"finish_reason\":null}]}\n\n");
        }
        body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        return body.append("data: [DONE]\n\n").toString();
    }

    private static MockResponse sse(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    @Test
    void oneRequestAsksThePromptOverTheHeardTranscriptAndTheAnswerIsKept() throws Exception {
        server.enqueue(sse(stream("客户承诺", "下周五还款。", "意向：高")));
        try (Summarizer summarizer = summarizer(engine(), Summarizer.Limits.DEFAULTS)) {
            summarizer.accept(record("call-1", "payment-reminder-zh"));
            await().atMost(WAIT).until(() -> results.size() == 1);
            assertThat(results.get(0)).isEqualTo(new SummaryRecord("call-1", "客户承诺下周五还款。意向：高", null));
            assertThat(summarizer.done()).isEqualTo(1);
        }
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = json.readTree(request.getBody().readUtf8());
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(PROMPT.prompt());
        String user = body.path("messages").get(1).path("content").asText();
        assertThat(user).contains("robot: 张三您好，您本月账单1280元 [interrupted]\n") // heard, not planned
                .doesNotContain("请按时还款")
                .contains("caller: 我下周五还\n")
                .contains("customer_name: 张三")
                .contains("promise_date: \"2026-12-11\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aJsonSummaryAsksForAJsonObjectAndAnAnswerThatIsNoneIsAnError() throws Exception {
        server.enqueue(sse(stream("{\"intent\":", "\"高\"}")));
        server.enqueue(sse(stream("意向高")));
        try (Summarizer summarizer = summarizer(engine(), Summarizer.Limits.DEFAULTS)) {
            summarizer.accept(record("call-1", "json-flow"));
            await().atMost(WAIT).until(() -> results.size() == 1);
            summarizer.accept(record("call-2", "json-flow"));
            await().atMost(WAIT).until(() -> results.size() == 2);
            assertThat(summarizer.done()).isEqualTo(1);
            assertThat(summarizer.failed()).isEqualTo(1);
        }
        assertThat(results.get(0)).isEqualTo(new SummaryRecord("call-1", "{\"intent\":\"高\"}", null));
        assertThat(results.get(1).error()).isEqualTo("the LLM's answer is not a JSON object: 意向高");
        JsonNode body = json.readTree(server.takeRequest().getBody().readUtf8());
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(256); // llm.maxTokens
        assertThat(body.path("messages").get(0).path("content").asText()).contains("JSON");
    }

    @Test
    void aFailingLlmIsRecordedAsTheSummaryErrorAndNotTriedAgain() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error\":{\"message\":\"overloaded\"}}"));
        try (Summarizer summarizer = summarizer(engine(), Summarizer.Limits.DEFAULTS)) {
            summarizer.accept(record("call-1", "payment-reminder-zh"));
            await().atMost(WAIT).until(() -> results.size() == 1);
            assertThat(results.get(0).summary()).isNull();
            assertThat(results.get(0).error()).startsWith("the LLM failed: ").contains("503");
            assertThat(summarizer.failed()).isEqualTo(1);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anLlmThatDoesNotAnswerInTimeIsAnError() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        try (Summarizer summarizer = summarizer(engine(), new Summarizer.Limits(1, 10, Duration.ofSeconds(30)))) {
            summarizer.accept(record("call-1", "payment-reminder-zh"));
            server.takeRequest(5, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> clock.pending() == 1);
            clock.advance(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> results.size() == 1);
            assertThat(results.get(0).error()).isEqualTo("the LLM did not answer within 30 s");
            assertThat(summarizer.failed()).isEqualTo(1);
        }
    }

    @Test
    void aFlowWithoutSummaryAndACallWithoutWordsGetNone() throws Exception {
        try (Summarizer summarizer = summarizer(engine(), Summarizer.Limits.DEFAULTS)) {
            summarizer.accept(record("call-1", "assistant-zh"));
            summarizer.accept(record("call-2", null));
            CallRecord silent = new CallRecord("call-3", "outbound", "4000", "13800138000", "payment-reminder-zh",
                    Map.of(), T0, null, T0.plusSeconds(30), "NO_ANSWER", "no_answer", null, List.of(), List.of(), null,
                    null, null, null, null);
            summarizer.accept(silent);
        }
        assertThat(results).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    /** An engine that holds every stream until the test ends it. */
    private static final class HeldLlm implements LlmEngine {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, LlmListener> streams = new ConcurrentHashMap<>();

        @Override
        public LlmCall stream(LlmRequest request, LlmListener listener) {
            streams.put(request.callId(), listener);
            calls.add(request.callId());
            return () -> { };
        }
    }

    @Test
    void atMostTheBoundStreamAtOnceTheSurplusWaitsAndPastItIsDropped() {
        HeldLlm llm = new HeldLlm();
        try (Summarizer summarizer = summarizer(llm, new Summarizer.Limits(2, 1, Duration.ofSeconds(60)))) {
            for (int i = 1; i <= 4; i++) {
                summarizer.accept(record("call-" + i, "payment-reminder-zh"));
            }
            await().atMost(WAIT).until(() -> llm.calls.size() == 2);
            assertThat(summarizer.dropped()).isEqualTo(1);
            assertThat(results).containsExactly(
                    new SummaryRecord("call-4", null, "not summarised: 1 calls were waiting for the LLM"));

            // the first two start together on two workers, in either order
            assertThat(llm.calls).containsExactlyInAnyOrder("call-1", "call-2");
            llm.streams.get("call-2").onToken("好");
            llm.streams.get("call-2").onComplete();
            await().atMost(WAIT).until(() -> llm.calls.size() == 3);
            assertThat(llm.calls.get(2)).as("the waiting one takes the freed place").isEqualTo("call-3");
            List<String> done = new ArrayList<>();
            results.forEach(r -> done.add(r.uuid()));
            assertThat(done).containsExactly("call-4", "call-2");
        }
    }
}
