package io.callrobot.dialog.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.dialog.tools.ToolCallBudget;
import io.callrobot.llm.ToolCall;
import io.callrobot.time.SystemCallClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpToolCallerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("CRM_TOKEN", "s3cr3t-token");

    private final MockWebServer server = new MockWebServer();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final OkHttpClient client = new OkHttpClient.Builder().eventListener(new EventListener() {
        @Override
        public void canceled(Call call) {
            cancelled.countDown();
        }
    }).build();
    private final SystemCallClock clock = new SystemCallClock("http-tool-test-timers");
    private final HttpToolCaller caller = new HttpToolCaller(client, clock);

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        clock.close();
    }

    private HttpToolSpec tool(String method, String url, String extra) throws Exception {
        String yaml = """
                httpTools:
                  - name: lookup
                    description: 查询
                    parameters:
                      type: object
                      properties:
                        order_id: {type: string}
                        amount: {type: number, minimum: 0}
                        date: {type: string, pattern: "^\\\\d{4}-\\\\d{2}-\\\\d{2}$"}
                      additionalProperties: false
                    method: %s
                    url: %s
                    headers:
                      Authorization: Bearer ${env:CRM_TOKEN}
                      X-Customer: ${customer_id}
                """.formatted(method, url) + extra;
        return HttpToolSpecTest.parse(yaml, ENV).getFirst();
    }

    private static ToolCall toolCall(String arguments) throws Exception {
        return new ToolCall("call_1", "lookup", arguments, JSON.readTree(arguments), null);
    }

    private static HttpToolResult await(CompletableFuture<HttpToolResult> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void argumentsAndVariablesArePercentEncodedInPathAndQuery() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"state\":\"shipped\"}"));
        HttpToolSpec spec = tool("GET", server.url("/api/orders/").toString() + "{order_id}?who=${name}&d={date}", "");

        HttpToolResult result = await(caller.call(spec,
                toolCall("{\"order_id\":\"订单 12/3?x=1#y\",\"date\":\"2026-12-03\"}"),
                Map.of("name", "张 三&co", "customer_id", "c-42")));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/api/orders/%E8%AE%A2%E5%8D%95%2012%2F3%3Fx%3D1%23y"
                + "?who=%E5%BC%A0%20%E4%B8%89%26co&d=2026-12-03");
        assertThat(request.getRequestUrl().pathSegments()).containsExactly("api", "orders", "订单 12/3?x=1#y");
        assertThat(request.getRequestUrl().queryParameter("who")).isEqualTo("张 三&co");
        assertThat(request.getBodySize()).isZero();
        assertThat(result.ok()).isTrue();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.content()).isEqualTo("{\"state\":\"shipped\"}");
        assertThat(result.elapsedMillis()).isNotNegative();
    }

    @Test
    void secretsGoInHeadersButNeverIntoLogs() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger log = (Logger) LoggerFactory.getLogger(HttpToolCaller.class);
        log.addAppender(logged);
        log.setLevel(Level.INFO);
        try {
            server.enqueue(new MockResponse().setBody("{}"));
            server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"message\":\"bad token\"}"));
            HttpToolSpec spec = tool("GET", server.url("/").toString() + "o/{order_id}", "");

            await(caller.call(spec, toolCall("{\"order_id\":\"7\"}"), Map.of("customer_id", "c-42")));
            HttpToolResult refused = await(caller.call(spec, toolCall("{\"order_id\":\"8\"}"), Map.of()));

            RecordedRequest request = server.takeRequest();
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer s3cr3t-token");
            assertThat(request.getHeader("X-Customer")).isEqualTo("c-42");
            assertThat(request.getHeader("Accept")).isEqualTo("application/json");
            assertThat(refused.content()).doesNotContain("s3cr3t-token");
            assertThat(logged.list).hasSize(2)
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("lookup").doesNotContain("s3cr3t-token"));
        } finally {
            log.setLevel(null);
            log.detachAppender(logged);
        }
    }

    @Test
    void postSendsTheArgumentsAsJson() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":9}"));
        HttpToolSpec spec = tool("POST", server.url("/promises").toString(), "");

        HttpToolResult result = await(caller.call(spec, toolCall("{\"amount\":300.5,\"date\":\"2026-12-09\"}"), Map.of()));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(JSON.readTree(request.getBody().readUtf8()))
                .isEqualTo(JSON.readTree("{\"amount\":300.5,\"date\":\"2026-12-09\"}"));
        assertThat(result.status()).isEqualTo(201);
        assertThat(result.content()).isEqualTo("{\"id\":9}");
    }

    @Test
    void aBodyTemplateKeepsArgumentTypesAndFillsVariables() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        HttpToolSpec spec = tool("PUT", server.url("/promises").toString(), """
                    body:
                      customer: ${customer_id}
                      amount: "{amount}"
                      note: 承诺 {date} 还款
                      source: callrobot
                      missing: "{order_id}"
                """);

        HttpToolResult result = await(caller.call(spec, toolCall("{\"amount\":300,\"date\":\"2026-12-09\"}"),
                Map.of("customer_id", "c-42")));

        JsonNode body = JSON.readTree(server.takeRequest().getBody().readUtf8());
        assertThat(body).isEqualTo(JSON.readTree(
                "{\"customer\":\"c-42\",\"amount\":300,\"note\":\"承诺 2026-12-09 还款\",\"source\":\"callrobot\",\"missing\":null}"));
        assertThat(result.ok()).isTrue();
        assertThat(result.content()).isEqualTo("{\"status\":204}");
    }

    @Test
    void aServerSlowerThanTheTimeoutIsAnErrorResult() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HttpToolSpec spec = tool("GET", server.url("/slow").toString(), "    timeoutMillis: 200\n");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isZero();
        assertThat(result.error()).isEqualTo("no answer within 200 ms");
        assertThat(JSON.readTree(result.content())).isEqualTo(JSON.readTree("{\"error\":\"no answer within 200 ms\"}"));
        assertThat(result.elapsedMillis()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aServerErrorIsAResultWithItsStatusAndMessage() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"message\":\"维护中\"}"));
        HttpToolSpec spec = tool("GET", server.url("/down").toString(), "");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isEqualTo(503);
        assertThat(JSON.readTree(result.content()))
                .isEqualTo(JSON.readTree("{\"error\":\"HTTP 503\",\"status\":503,\"body\":{\"message\":\"维护中\"}}"));
    }

    @Test
    void aNonJsonAnswerIsGivenToTheModelAsAJsonString() throws Exception {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/plain; charset=utf-8")
                .setBody("已发货 \"today\"\n123 abc"));
        HttpToolSpec spec = tool("GET", server.url("/text").toString(), "");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.ok()).isTrue();
        assertThat(JSON.readTree(result.content()).asText()).isEqualTo("已发货 \"today\"\n123 abc");
    }

    @Test
    void anAnswerOverTheCapIsCutAndSaidToBe() throws Exception {
        // 40 three-byte characters: the cap at 100 bytes falls inside the 34th
        server.enqueue(new MockResponse().setBody(new Buffer().writeUtf8("订".repeat(40)).writeUtf8("x".repeat(100_000))));
        HttpToolSpec spec = tool("GET", server.url("/big").toString(), "    maxResponseBytes: 100\n");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isEqualTo(200);
        JsonNode content = JSON.readTree(result.content());
        assertThat(content.get("error").asText()).isEqualTo("answer too long: more than 100 bytes, cut");
        assertThat(content.get("partial").asText()).isEqualTo("订".repeat(33));
    }

    @Test
    void invalidArgumentsAreAnsweredWithoutARequest() throws Exception {
        HttpToolSpec spec = tool("GET", server.url("/").toString() + "o/{order_id}", "");

        HttpToolResult wrongTypes = await(caller.call(spec,
                toolCall("{\"order_id\":12,\"amount\":-1,\"date\":\"tomorrow\",\"extra\":true}"), Map.of()));
        HttpToolResult missing = await(caller.call(spec, toolCall("{}"), Map.of()));
        HttpToolResult unparsed = await(caller.call(spec,
                new ToolCall("call_2", "lookup", "{\"order_id\":", null, "arguments are not a JSON object"), Map.of()));

        assertThat(server.getRequestCount()).isZero();
        assertThat(wrongTypes.error()).isEqualTo("invalid arguments: order_id: expected a string, got 12; "
                + "amount: -1 is below the minimum 0; date: \"tomorrow\" does not match ^\\d{4}-\\d{2}-\\d{2}$; "
                + "extra: unknown property (allowed: [amount, date, order_id])");
        assertThat(missing.error()).isEqualTo("cannot build the request: missing argument order_id");
        assertThat(unparsed.error()).isEqualTo("invalid call: arguments are not a JSON object");
        assertThat(JSON.readTree(unparsed.content()).get("error").asText()).isEqualTo(unparsed.error());
    }

    @Test
    void aRefusedConnectionIsAnErrorResult() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }
        HttpToolSpec spec = tool("GET", "http://127.0.0.1:" + closedPort + "/x", "");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.error()).isEqualTo("cannot connect to the service");
        assertThat(result.status()).isZero();
    }

    @Test
    void aDroppedConnectionIsAnErrorResult() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        HttpToolSpec spec = tool("POST", server.url("/x").toString(), "");

        HttpToolResult result = await(caller.call(spec, toolCall("{}"), Map.of()));

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).startsWith("request failed: ");
    }

    @Test
    void cancellingTheFutureCancelsTheRequest() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HttpToolSpec spec = tool("GET", server.url("/hangs").toString(), "    timeoutMillis: 60000\n");

        CompletableFuture<HttpToolResult> future = caller.call(spec, toolCall("{}"), Map.of());
        server.takeRequest();
        future.cancel(true);

        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(future).isCancelled();
    }

    @Test
    void theBudgetRefusesBeyondItsLimitsAndGetsItsSlotsBack() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HttpToolSpec spec = tool("GET", server.url("/n").toString(), "    timeoutMillis: 60000\n");
        ToolCallBudget budget = new ToolCallBudget(2, 1);

        CompletableFuture<HttpToolResult> first = caller.call(spec, toolCall("{}"), Map.of(), budget);
        HttpToolResult concurrent = await(caller.call(spec, toolCall("{}"), Map.of(), budget));
        server.takeRequest();
        first.cancel(true);
        assertThat(budget.httpInFlight()).isZero();
        server.enqueue(new MockResponse().setBody("{\"n\":2}"));
        HttpToolResult second = await(caller.call(spec, toolCall("{}"), Map.of(), budget));
        HttpToolResult third = await(caller.call(spec, toolCall("{}"), Map.of(), budget));

        assertThat(concurrent.error()).startsWith("too many requests at once: at most 1 HTTP tools");
        assertThat(second.content()).isEqualTo("{\"n\":2}");
        assertThat(third.error()).isEqualTo("tool call limit reached: at most 2 tool calls in one phone call");
        assertThat(List.of(concurrent, third)).allSatisfy(r -> assertThat(r.status()).isZero());
        assertThat(budget.calls()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
