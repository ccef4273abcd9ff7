package io.callrobot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.config.HttpConfig;
import io.callrobot.ops.CallMetrics;
import io.callrobot.ops.LiveCall;
import io.callrobot.ops.LiveCalls;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.ops.RecentCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiDispatcherTest {

    private static final LiveCalls NO_CALLS = new LiveCalls() {
        @Override
        public List<LiveCall> liveCalls() {
            return List.of();
        }

        @Override
        public Optional<LiveCall> liveCall(String uuid) {
            return Optional.empty();
        }
    };

    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private OpsHttpServer server;

    private final ApiRoutes routes = new ApiRoutes()
            .add("GET", "/api/campaigns/{id}", request -> ApiResponse.of(200, "application/json",
                    ("{\"id\":" + request.idParam("id") + "}").getBytes(StandardCharsets.UTF_8)))
            .add("POST", "/api/campaigns/{id}/contacts", request -> ApiResponse.of(200, "text/plain",
                    (request.contentType() + " " + request.body().length).getBytes(StandardCharsets.UTF_8)))
            .add("POST", "/api/campaigns", request -> {
                throw ApiException.badRequest("window.hours[1]", "\"14:00-13:00\" ends before it starts");
            })
            .add("GET", "/api/boom", request -> {
                throw new IllegalStateException("store unreachable");
            })
            .add("GET", "/api/export", request -> ApiResponse.streamed(200, "text/csv", Map.of(), out -> {
                for (int i = 0; i < 20_000; i++) {
                    out.write(("row " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }));

    private String base(String token) throws InterruptedException {
        server = new OpsHttpServer(new HttpConfig("127.0.0.1", 0, 8, Duration.ofSeconds(60), Duration.ofSeconds(10), 4096),
                new CallMetrics(() -> 0), NO_CALLS, new RecentCalls(1),
                new ApiDispatcher(routes, new ApiAccess(Optional.ofNullable(token)), json, handlers), null).start();
        return "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        handlers.close();
    }

    private Response get(String url, String authorization) throws IOException {
        Request.Builder request = new Request.Builder().url(url);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.newCall(request.build()).execute();
    }

    @Test
    void routesWithPathParametersAndAnswersUnknownIdsAndPathsWithJson404() throws Exception {
        String base = base(null);
        try (Response ok = get(base + "/api/campaigns/42", null)) {
            assertThat(ok.code()).isEqualTo(200);
            assertThat(json.readTree(ok.body().string()).path("id").asLong()).isEqualTo(42);
        }
        try (Response bad = get(base + "/api/campaigns/x1", null)) {
            assertThat(bad.code()).isEqualTo(404);
            assertThat(json.readTree(bad.body().string()).path("error").asText()).isEqualTo("no id x1");
        }
        try (Response none = get(base + "/api/nothing", null)) {
            assertThat(none.code()).isEqualTo(404);
            assertThat(none.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void aWrongMethodIs405NamingTheAllowedOnes() throws Exception {
        String base = base(null);
        try (Response response = client.newCall(new Request.Builder().url(base + "/api/campaigns/7")
                .delete().build()).execute()) {
            assertThat(response.code()).isEqualTo(405);
            assertThat(json.readTree(response.body().string()).path("error").asText()).endsWith("allowed: GET");
        }
    }

    @Test
    void aRefusedInputNamesItsField() throws Exception {
        String base = base(null);
        try (Response response = client.newCall(new Request.Builder().url(base + "/api/campaigns")
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = json.readTree(response.body().string());
            assertThat(error.path("field").asText()).isEqualTo("window.hours[1]");
            assertThat(error.path("error").asText()).contains("ends before it starts");
        }
    }

    @Test
    void aFailingHandlerIsA500AndTheConnectionServesTheNextRequest() throws Exception {
        String base = base(null);
        try (Response response = get(base + "/api/boom", null)) {
            assertThat(response.code()).isEqualTo(500);
            assertThat(json.readTree(response.body().string()).path("error").asText()).contains("store unreachable");
        }
        try (Response next = get(base + "/api/campaigns/1", null)) {
            assertThat(next.code()).isEqualTo(200);
        }
    }

    @Test
    void withATokenEveryRequestMustCarryItAsBearer() throws Exception {
        String base = base("s3cret");
        try (Response none = get(base + "/api/campaigns/1", null)) {
            assertThat(none.code()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        try (Response wrong = get(base + "/api/campaigns/1", "Bearer s3cre")) {
            assertThat(wrong.code()).isEqualTo(401);
        }
        try (Response right = get(base + "/api/campaigns/1", "bearer s3cret")) {
            assertThat(right.code()).isEqualTo(200);
        }
        try (Response ops = get(base + "/health", null)) {
            assertThat(ops.code()).as("the ops endpoints stay open").isNotEqualTo(401);
        }
    }

    @Test
    void aLargeAnswerStreamsInChunksAndArrivesWhole() throws Exception {
        String base = base(null);
        try (Response response = get(base + "/api/export", null)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            List<String> lines = response.body().string().lines().toList();
            assertThat(lines).hasSize(20_000);
            assertThat(lines.get(19_999)).isEqualTo("row 19999");
        }
    }

    @Test
    void theBodyAndItsMediaTypeReachTheHandlerAndATooLargeBodyIs413() throws Exception {
        String base = base(null);
        try (Response response = client.newCall(new Request.Builder().url(base + "/api/campaigns/3/contacts")
                .post(RequestBody.create("phone\n13800000000\n", MediaType.get("text/csv; charset=utf-8"))).build())
                .execute()) {
            assertThat(response.body().string()).isEqualTo("text/csv 18");
        }
        try (Response response = client.newCall(new Request.Builder().url(base + "/api/campaigns/3/contacts")
                .post(RequestBody.create(new byte[8192], MediaType.get("text/csv"))).build()).execute()) {
            assertThat(response.code()).isEqualTo(413);
        }
    }
}
