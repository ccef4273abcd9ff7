package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.chat.ChatSessions;
import io.callrobot.dialog.FlowDialogFactory;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.llm.LlmEngine;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.time.ManualClock;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ApiRoutes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The flows API over real HTTP: the list, a flow's graph, and a chat from opening to result, and its refusals. */
class FlowApiTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Never asked here: the chats below run the scripted payment reminder. */
    private final LlmEngine noLlm = (request, listener) -> {
        throw new IllegalStateException("no LLM in this test");
    };
    private ChatSessions chats;
    private OpsHttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        FlowLibrary flows = FlowLibrary.builtIn();
        chats = new ChatSessions(new FlowDialogFactory(flows, "payment-reminder-zh", noLlm), new ManualClock(), threads,
                new ChatSessions.Limits(1, Duration.ofMinutes(10), Duration.ofSeconds(20)));
        server = ApiTestServer.start(new ApiDispatcher(FlowApi.register(new ApiRoutes(), flows, chats), new ApiAccess(Optional.empty()), json,
                        threads));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        chats.close();
        threads.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    @Test
    void theListSaysLanguageNodesLlmAndValidityAndAFlowComesAsAGraph() throws Exception {
        JsonNode flows = send("GET", "/api/flows", null).body().path("flows");
        assertThat(flows).extracting(f -> f.path("name").asText())
                .containsExactly("assistant-zh", "delivery-notice-en", "payment-reminder-llm-zh", "payment-reminder-zh");
        JsonNode payment = flows.get(3);
        assertThat(payment.path("language").asText()).isEqualTo("zh-CN");
        assertThat(payment.path("nodes").asInt()).isEqualTo(11);
        assertThat(payment.path("llm").asBoolean()).isFalse();
        assertThat(payment.path("valid").asBoolean()).isTrue();
        assertThat(flows.get(0).path("llm").asBoolean()).isTrue();

        JsonNode graph = send("GET", "/api/flows/payment-reminder-zh", null).body();
        assertThat(graph.path("start").asText()).isEqualTo("disclaimer");
        assertThat(graph.path("valid").asBoolean()).isTrue();
        assertThat(graph.path("problems")).isEmpty();
        JsonNode identity = graph.path("nodes").get(1);
        assertThat(identity.path("id").asText()).isEqualTo("identity");
        assertThat(identity.path("kind").asText()).isEqualTo("listen");
        assertThat(graph.path("edges")).anySatisfy(e -> {
            assertThat(e.path("from").asText()).isEqualTo("identity");
            assertThat(e.path("to").asText()).isEqualTo("remind");
            assertThat(e.path("trigger").asText()).isEqualTo("intent");
            assertThat(e.path("label").asText()).isEqualTo("confirmed");
            assertThat(e.path("dtmf").asText()).isEqualTo("1");
        });
        assertThat(graph.path("edges")).anySatisfy(e -> {
            assertThat(e.path("trigger").asText()).isEqualTo("no_match");
            assertThat(e.has("to")).isFalse();
            assertThat(e.path("exit").path("result").asText()).isEqualTo("no_match");
        });
        assertThat(graph.path("variables")).anySatisfy(v -> assertThat(v.path("name").asText()).isEqualTo("customer_name"));
    }

    @Test
    void aChatOpensAnswersTextAndKeysAndEnds() throws Exception {
        Answer opening = send("POST", "/api/flows/payment-reminder-zh/chat", """
                {"variables": {"customer_name": "张三", "amount": 1280.5, "due_date": "12月5日", "product": null}}""");
        assertThat(opening.status()).isEqualTo(201);
        assertThat(opening.body().path("replies")).hasSize(2);
        assertThat(opening.body().path("replies").get(1).path("text").asText()).isEqualTo("请问您是张三本人吗？");
        assertThat(opening.body().path("node").asText()).isEqualTo("identity");
        assertThat(opening.body().path("ended").asBoolean()).isFalse();
        assertThat(opening.body().has("result")).isFalse();
        String session = opening.body().path("session").asText();

        Answer remind = send("POST", "/api/chat/" + session, "{\"text\": \"是我\"}");
        assertThat(remind.body().path("node").asText()).isEqualTo("remind");
        assertThat(remind.body().path("replies").get(0).path("text").asText()).contains("1280.5元");
        assertThat(send("POST", "/api/chat/" + session, "{\"silence\": true}").body().path("replies").get(0)
                .path("text").asText()).isEqualTo("喂，您好，请问您打算什么时候还款呢？");
        Answer end = send("POST", "/api/chat/" + session, "{\"dtmf\": \"1\"}");
        assertThat(end.body().path("result").asText()).isEqualTo("promise_to_pay");
        assertThat(end.body().path("ended").asBoolean()).isTrue();
        assertThat(send("POST", "/api/chat/" + session, "{\"dtmf\": \"1\"}").status()).isEqualTo(409);

        // one chat at a time here: the second waits until the first is deleted
        assertThat(send("POST", "/api/flows/payment-reminder-zh/chat", null).status()).isEqualTo(429);
        assertThat(send("DELETE", "/api/chat/" + session, null).body().path("ended").asBoolean()).isTrue();
        assertThat(send("POST", "/api/flows/payment-reminder-zh/chat", "").status()).isEqualTo(201);
    }

    @Test
    void refusalsNameWhatWasWrong() throws Exception {
        Answer noFlow = send("GET", "/api/flows/nope", null);
        assertThat(noFlow.status()).isEqualTo(404);
        assertThat(noFlow.body().path("error").asText()).contains("no flow 'nope'", "payment-reminder-zh");
        assertThat(send("POST", "/api/flows/nope/chat", "{}").status()).isEqualTo(404);
        Answer noSession = send("POST", "/api/chat/missing", "{\"text\": \"你好\"}");
        assertThat(noSession.status()).isEqualTo(404);
        assertThat(noSession.body().path("error").asText()).contains("no chat missing");
        assertThat(send("DELETE", "/api/chat/missing", null).status()).isEqualTo(404);

        Answer badVariables = send("POST", "/api/flows/payment-reminder-zh/chat", "{\"variables\": {\"amount\": [1]}}");
        assertThat(badVariables.status()).isEqualTo(400);
        assertThat(badVariables.body().path("field").asText()).isEqualTo("variables.amount");

        String session = send("POST", "/api/flows/payment-reminder-zh/chat", "{}").body().path("session").asText();
        Answer empty = send("POST", "/api/chat/" + session, "{\"text\": \"  \"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("field").asText()).isEqualTo("text");
        Answer keys = send("POST", "/api/chat/" + session, "{\"dtmf\": \"1x\"}");
        assertThat(keys.status()).isEqualTo(400);
        assertThat(keys.body().path("field").asText()).isEqualTo("dtmf");
        assertThat(send("POST", "/api/chat/" + session, "{\"text\": \"是\", \"dtmf\": \"1\"}").status()).isEqualTo(400);
        assertThat(send("POST", "/api/chat/" + session, "{}").status()).isEqualTo(400);
        Answer noBody = send("POST", "/api/chat/" + session, null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.body().path("field").asText()).isEqualTo("body");
        // refused input changed nothing
        assertThat(send("POST", "/api/chat/" + session, "{\"dtmf\": \"1\"}").body().path("node").asText()).isEqualTo("remind");
    }
}
