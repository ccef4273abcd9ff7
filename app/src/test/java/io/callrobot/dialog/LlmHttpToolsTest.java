package io.callrobot.dialog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolDefinition;
import io.callrobot.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP tools in an LLM turn, against a local CRM: results awaited off the call's thread, the filler
 * on the call's clock, cancellation, and the history a barge-in leaves.
 */
class LlmHttpToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = """
            name: crm
            language: zh-CN
            start: chat
            httpTools:
              - name: lookup_order
                description: 查询订单状态
                parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                url: %1$s/orders/{order_id}?phone=${caller}
                headers: {Authorization: "Bearer ${env:CRM_TOKEN}"}
                filler: 我帮您查一下。
                fillerDelayMillis: 1200
              - name: lookup_refund
                description: 查询退款
                parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                url: %1$s/refunds/{order_id}
                filler: 请稍等。
                fillerDelayMillis: 2000
            nodes:
              chat:
                say: 您好，请问有什么可以帮您？
                llm:
                  system: 你是客服。
                  fallback: 抱歉，请再说一遍。
                  next: bye
                  tools: [lookup_order, lookup_refund, set_variable]
              bye:
                say: 再见。
                hangup: {result: done}
            """;

    private final MockWebServer crm = new MockWebServer();
    /** The CRM's answers by path, each held until the test gives it. */
    private final Map<String, CompletableFuture<MockResponse>> answers = new ConcurrentHashMap<>();
    private final CountDownLatch httpCancelled = new CountDownLatch(1);
    private final ManualClock clock = new ManualClock();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("test-call").daemon().factory());
    private FakeLlm llm;
    private DialogEngine dialog;

    @BeforeEach
    void setUp() throws Exception {
        crm.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                try {
                    return answer(request.getRequestUrl().encodedPath()).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    return new MockResponse().setResponseCode(504);
                }
            }

            @Override
            public void shutdown() {
                answers.values().forEach(a -> a.complete(new MockResponse().setResponseCode(503)));
            }
        });
        crm.start();
        OkHttpClient http = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void canceled(Call call) {
                httpCancelled.countDown();
            }
        }).build();
        String base = crm.url("/api").toString();
        Flow flow = TestFlows.parse(FLOW.formatted(base), Map.of("CRM_TOKEN", "t0ken"));
        llm = new FakeLlm();
        dialog = new FlowDialogFactory(new FlowLibrary(Map.of(flow.name(), flow)), "crm", llm, http)
                .create("call-crm", null, Map.of("caller", "13800000000"), new DialogScope(thread, clock));
        RecordingSink greeting = new RecordingSink();
        onCallThread(() -> dialog.respond(new DialogInput.Start(), greeting));
        onCallThread(() -> dialog.heard(greeting.await().text(), false));
    }

    @AfterEach
    void tearDown() throws Exception {
        thread.shutdownNow();
        crm.shutdown();
    }

    private CompletableFuture<MockResponse> answer(String path) {
        return answers.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    /** The CRM answers requests for {@code path} (now or when they come) with {@code body}. */
    private void crmAnswers(String path, MockResponse response) {
        answer(path).complete(response);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} on the call's thread after everything posted before it. */
    private void onCallThread(Work work) throws Exception {
        thread.submit(() -> {
            work.run();
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private static ToolCall tool(String id, String name, String arguments) throws Exception {
        return new ToolCall(id, name, arguments, JSON.readTree(arguments), null);
    }

    private RecordingSink ask(String text) throws Exception {
        RecordingSink sink = new RecordingSink();
        onCallThread(() -> dialog.respond(new DialogInput.Speech(text), sink));
        return sink;
    }

    /** The CRM's next request, waiting for it. */
    private RecordedRequest crmRequest() throws Exception {
        RecordedRequest request = crm.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        return request;
    }

    /** Moves the call's clock on once the call's thread is idle (its timers are scheduled), then lets it run what fired. */
    private void advance(long millis) throws Exception {
        onCallThread(() -> { });
        clock.advance(millis, TimeUnit.MILLISECONDS);
        onCallThread(() -> { });
    }

    private LlmRequest request(int i) {
        return llm.requests.get(i);
    }

    @Test
    void theModelIsOfferedTheNodesHttpToolsAfterTheBuiltIns() throws Exception {
        llm.willAnswer("好的。");
        ask("你好").await();
        assertThat(request(0).tools()).extracting(ToolDefinition::name)
                .containsExactly("set_variable", "lookup_order", "lookup_refund");
    }

    @Test
    void theFillerIsSaidAfterItsDelayAndNotBeforeThenTheAnswerUsesTheResult() throws Exception {
        ToolCall lookup = tool("c1", "lookup_order", "{\"order_id\":\"A100\"}");
        llm.willCall(List.of(lookup), "好的，");
        llm.willAnswer("您的订单已发货。");
        RecordingSink sink = ask("我的订单A100到哪了");

        RecordedRequest sent = crmRequest();
        assertThat(sent.getPath()).isEqualTo("/api/orders/A100?phone=13800000000");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer t0ken");
        sink.awaitPieces(1);
        advance(1199);
        assertThat(sink.pieces()).containsExactly("好的，");
        advance(1);
        assertThat(sink.pieces()).containsExactly("好的，", "我帮您查一下。");
        advance(5000);
        assertThat(sink.pieces()).containsExactly("好的，", "我帮您查一下。");

        crmAnswers("/api/orders/A100", new MockResponse().setBody("{\"order_id\":\"A100\",\"state\":\"shipped\"}"));
        RecordingSink.Spoken reply = sink.await();
        assertThat(reply.text()).isEqualTo("好的，我帮您查一下。您的订单已发货。");
        assertThat(request(1).messages()).endsWith(
                ChatMessage.assistant("好的，", List.of(lookup)),
                ChatMessage.tool("c1", "{\"order_id\":\"A100\",\"state\":\"shipped\"}"));
    }

    @Test
    void aResultArrivingFirstCancelsTheFiller() throws Exception {
        llm.willCall(List.of(tool("c1", "lookup_order", "{\"order_id\":\"A100\"}")));
        llm.willAnswer("已发货。");
        crmAnswers("/api/orders/A100", new MockResponse().setBody("{\"state\":\"shipped\"}"));
        RecordingSink sink = ask("订单A100");

        RecordingSink.Spoken reply = sink.await();
        advance(10_000);
        assertThat(reply.text()).isEqualTo("已发货。");
        assertThat(sink.pieces()).containsExactly("已发货。");
        assertThat(clock.pending()).isZero();
    }

    @Test
    void twoHttpToolsInOneRoundAreBothAwaitedAndAnsweredInTheirOrder() throws Exception {
        ToolCall order = tool("c1", "lookup_order", "{\"order_id\":\"A100\"}");
        ToolCall refund = tool("c2", "lookup_refund", "{\"order_id\":\"A100\"}");
        ToolCall remember = tool("c3", "set_variable", "{\"name\":\"order\",\"value\":\"A100\"}");
        llm.willCall(List.of(order, refund, remember));
        llm.willAnswer("订单已发货，退款处理中。");
        RecordingSink sink = ask("订单A100和退款");

        RecordedRequest first = crmRequest();
        RecordedRequest second = crmRequest();
        assertThat(List.of(first.getPath(), second.getPath()))
                .containsExactlyInAnyOrder("/api/orders/A100?phone=13800000000", "/api/refunds/A100");
        crmAnswers("/api/refunds/A100", new MockResponse().setBody("{\"refund\":\"pending\"}"));
        // the order is late: its filler is said; the refund's filler later is not, one filler a round
        advance(1200);
        assertThat(sink.pieces()).containsExactly("我帮您查一下。");
        advance(800);
        assertThat(sink.pieces()).containsExactly("我帮您查一下。");
        assertThat(llm.requests).hasSize(1);
        crmAnswers("/api/orders/A100", new MockResponse().setBody("{\"state\":\"shipped\"}"));

        RecordingSink.Spoken reply = sink.await();
        assertThat(reply.text()).isEqualTo("我帮您查一下。订单已发货，退款处理中。");
        assertThat(request(1).messages()).endsWith(
                ChatMessage.assistant("", List.of(order, refund, remember)),
                ChatMessage.tool("c1", "{\"state\":\"shipped\"}"),
                ChatMessage.tool("c2", "{\"refund\":\"pending\"}"),
                ChatMessage.tool("c3", "{\"ok\":true,\"set\":\"order\"}"));
        assertThat(dialog.variablesSet()).containsEntry("order", "A100");
    }

    @Test
    void aFailingToolIsAnErrorResultTheModelTalksAbout() throws Exception {
        llm.willCall(List.of(tool("c1", "lookup_order", "{\"order_id\":\"A100\"}")));
        llm.willAnswer("抱歉，系统暂时查不到，稍后再为您查询。");
        crmAnswers("/api/orders/A100", new MockResponse().setResponseCode(503).setBody("{\"message\":\"维护中\"}"));
        RecordingSink.Spoken reply = ask("订单A100").await();

        assertThat(JSON.readTree(request(1).messages().getLast().content())).isEqualTo(
                JSON.readTree("{\"error\":\"HTTP 503\",\"status\":503,\"body\":{\"message\":\"维护中\"}}"));
        assertThat(reply.text()).isEqualTo("抱歉，系统暂时查不到，稍后再为您查询。");
        assertThat(reply.next()).isInstanceOf(NextStep.Listen.class);
    }

    @Test
    void cancellingTheTurnDuringTheRequestCancelsItAndTheFiller() throws Exception {
        llm.willCall(List.of(tool("c1", "lookup_order", "{\"order_id\":\"A100\"}")));
        RecordingSink sink = new RecordingSink();
        Reply[] turn = new Reply[1];
        onCallThread(() -> turn[0] = dialog.respond(new DialogInput.Speech("订单A100"), sink));
        crmRequest();

        onCallThread(() -> turn[0].cancel());
        assertThat(httpCancelled.await(10, TimeUnit.SECONDS)).isTrue();
        advance(5000);
        assertThat(sink.pieces()).isEmpty();
        assertThat(llm.requests).hasSize(1);
        assertThat(sink.ended()).isFalse();
    }

    @Test
    void aBargeInAfterAToolRoundKeepsTheCallsAndResultsInHistory() throws Exception {
        ToolCall remember = tool("c1", "set_variable", "{\"name\":\"order\",\"value\":\"A100\"}");
        ToolCall lookup = tool("c2", "lookup_order", "{\"order_id\":\"A100\"}");
        llm.willCall(List.of(remember), "好的，");
        llm.willCall(List.of(lookup));
        RecordingSink sink = new RecordingSink();
        Reply[] turn = new Reply[1];
        onCallThread(() -> turn[0] = dialog.respond(new DialogInput.Speech("订单A100"), sink));
        crmRequest();
        Awaitility.await().until(() -> llm.requests.size() == 2);

        // the caller barges in while the CRM is still working: the set_variable round is complete, the lookup is not
        onCallThread(() -> {
            turn[0].cancel();
            dialog.heard("好的，", true);
        });
        llm.willAnswer("您请说。");
        ask("等一下").await();

        List<ChatMessage> sent = request(2).messages();
        assertThat(sent).endsWith(
                ChatMessage.user("订单A100"),
                ChatMessage.assistant(null, List.of(remember)),
                ChatMessage.tool("c1", "{\"ok\":true,\"set\":\"order\"}"),
                ChatMessage.assistant("好的，"),
                ChatMessage.user("等一下"));
        assertThat(sent).noneMatch(m -> m.toolCalls() != null && m.toolCalls().contains(lookup));
    }
}
