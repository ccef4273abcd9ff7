package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiUser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call history API over real HTTP and a real (embedded) store: filters, cursor, refusals, masking. */
class CallApiTest {

    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private Store store;
    private OpsHttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(StoreConfig.embedded(dir), Clock.systemUTC());
        server = ApiTestServer.start(new ApiDispatcher(CampaignApi.routes(store, () -> Set.of("f"), () -> { }, dir.resolve("recordings")),
                        new ApiAccess(Optional.empty()), json, handlers));
        base = "http://127.0.0.1:" + server.port();
        for (int i = 0; i < 7; i++) {
            String uuid = "call-" + i;
            store.callRecords().save(new CallRecordRow(uuid, i < 3 ? 5L : null, null, i % 2 == 0 ? "outbound" : "inbound",
                    "4000", "1380013" + (8000 + i), i < 5 ? "payment-reminder-zh" : "assistant-zh", T0.plusSeconds(i),
                    T0.plusSeconds(i + 1), T0.plusSeconds(i + 30), 29_000, i == 6 ? "transferred" : "promise_to_pay",
                    i == 4 ? "USER_BUSY" : "NORMAL_CLEARING",
                    "{\"uuid\":\"" + uuid + "\",\"caller\":\"4000\",\"callee\":\"1380013" + (8000 + i)
                            + "\",\"turns\":[{\"turn\":1,\"speaker\":\"robot\",\"text\":\"您好\",\"planned\":\"您好，张三\"}]}",
                    "robot: 您好" + (i == 3 ? " Overdue 账单" : "") + "\n"));
        }
    }

    @AfterEach
    void stop() {
        server.close();
        handlers.close();
        store.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private static List<String> uuids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("calls").forEach(c -> out.add(c.path("callUuid").asText()));
        return out;
    }

    @Test
    void everyFilterSelectsItsCalls() throws Exception {
        assertThat(uuids(get("/api/calls").body())).containsExactly("call-6", "call-5", "call-4", "call-3", "call-2",
                "call-1", "call-0");
        assertThat(uuids(get("/api/calls?campaign=5").body())).containsExactly("call-2", "call-1", "call-0");
        assertThat(uuids(get("/api/calls?flow=assistant-zh").body())).containsExactly("call-6", "call-5");
        assertThat(uuids(get("/api/calls?result=transferred").body())).containsExactly("call-6");
        assertThat(uuids(get("/api/calls?cause=USER_BUSY").body())).containsExactly("call-4");
        assertThat(uuids(get("/api/calls?direction=inbound").body())).containsExactly("call-5", "call-3", "call-1");
        assertThat(uuids(get("/api/calls?number=8003").body())).containsExactly("call-3");
        assertThat(uuids(get("/api/calls?number=" + URLEncoder.encode("13 8003", StandardCharsets.UTF_8)).body()))
                .containsExactly("call-3");
        assertThat(uuids(get("/api/calls?q=" + URLEncoder.encode("overdue 账", StandardCharsets.UTF_8)).body()))
                .containsExactly("call-3");
        assertThat(uuids(get("/api/calls?from=2026-12-03T02:00:02Z&to=2026-12-03T02:00:04Z").body()))
                .containsExactly("call-3", "call-2");
        JsonNode one = get("/api/calls?number=8003").body().path("calls").get(0);
        assertThat(one.path("callee").asText()).isEqualTo("13800138003");
        assertThat(one.path("startedAt").asText()).isEqualTo("2026-12-03T02:00:03Z");
        assertThat(one.path("durationMs").asLong()).isEqualTo(29_000);
    }

    @Test
    void pagesFollowTheCursorToTheEnd() throws Exception {
        List<String> seen = new ArrayList<>();
        String path = "/api/calls?flow=payment-reminder-zh&limit=2";
        JsonNode page = get(path).body();
        int pages = 1;
        while (true) {
            seen.addAll(uuids(page));
            if (page.path("next").isNull()) {
                break;
            }
            page = get(path + "&cursor=" + page.path("next").asText()).body();
            pages++;
        }
        assertThat(seen).containsExactly("call-4", "call-3", "call-2", "call-1", "call-0");
        assertThat(pages).isEqualTo(3);
        // a last page that is exactly full has no next
        assertThat(get("/api/calls?flow=assistant-zh&limit=2").body().path("next").isNull()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() throws Exception {
        Map<String, String> refused = Map.of(
                "/api/calls?limit=0", "limit",
                "/api/calls?limit=501", "limit",
                "/api/calls?campaign=x", "campaign",
                "/api/calls?from=yesterday", "from",
                "/api/calls?from=2026-12-03T03:00:00Z&to=2026-12-03T02:00:00Z", "from",
                "/api/calls?direction=up", "direction",
                "/api/calls?number=12ab", "number",
                "/api/calls?cursor=bm9wZQ", "cursor",
                "/api/calls?cursor=%21%21", "cursor");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Answer answer = get(e.getKey());
            assertThat(answer.status()).as(e.getKey()).isEqualTo(400);
            assertThat(answer.body().path("field").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        Answer longText = get("/api/calls?q=" + "x".repeat(201));
        assertThat(longText.body().path("field").asText()).isEqualTo("q");
        assertThat(get("/api/calls/nope").status()).isEqualTo(404);
    }

    @Test
    void facetsListWhatTheStoredCallsHave() throws Exception {
        JsonNode facets = get("/api/calls/facets").body();
        assertThat(facets.path("flows").toString()).isEqualTo("[\"assistant-zh\",\"payment-reminder-zh\"]");
        assertThat(facets.path("results").toString()).isEqualTo("[\"promise_to_pay\",\"transferred\"]");
        assertThat(facets.path("hangupCauses").toString()).isEqualTo("[\"NORMAL_CLEARING\",\"USER_BUSY\"]");
    }

    @Test
    void aCallsRecordCarriesItsTranscriptAndPlannedText() throws Exception {
        JsonNode call = get("/api/calls/call-3").body();
        assertThat(call.path("transcript").asText()).isEqualTo("robot: 您好 Overdue 账单\n");
        assertThat(call.path("turns").get(0).path("planned").asText()).isEqualTo("您好，张三");
        assertThat(call.path("callee").asText()).isEqualTo("13800138003");
        assertThat(call.has("summary")).isTrue();
        assertThat(call.path("summary").isNull()).isTrue();
    }

    @Test
    void aCallsRecordCarriesItsSummaryOrWhyItHasNone() throws Exception {
        store.callRecords().saveSummary("call-3", CallRecordSummary.of("客户承诺下周五还款。意向：高"));
        store.callRecords().saveSummary("call-4", CallRecordSummary.failed("the LLM did not answer within 60 s"));
        JsonNode summarised = get("/api/calls/call-3").body();
        assertThat(summarised.path("summary").asText()).isEqualTo("客户承诺下周五还款。意向：高");
        assertThat(summarised.path("summaryError").isNull()).isTrue();
        JsonNode failed = get("/api/calls/call-4").body();
        assertThat(failed.path("summary").isNull()).isTrue();
        assertThat(failed.path("summaryError").asText()).isEqualTo("the LLM did not answer within 60 s");
    }

    @Test
    void aUserWhoMayNotSeeNumbersGetsThemMaskedInListsAndRecords() throws Exception {
        CallResource calls = new CallResource(store, new ApiJson());
        ApiUser masked = new ApiUser("ops", false);
        JsonNode list = body(calls.find(request(Map.of(), Map.of("number", List.of("8003")), masked)));
        assertThat(list.path("calls").get(0).path("callee").asText()).isEqualTo("138****8003");
        assertThat(list.path("calls").get(0).path("caller").asText()).isEqualTo("**00");
        JsonNode one = body(calls.get(request(Map.of("uuid", "call-3"), Map.of(), masked)));
        assertThat(one.path("callee").asText()).isEqualTo("138****8003");
        assertThat(one.path("caller").asText()).isEqualTo("**00");
    }

    private JsonNode body(io.callrobot.web.ApiResponse response) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        response.body().writeTo(out);
        return json.readTree(out.toByteArray());
    }

    private static ApiRequest request(Map<String, String> params, Map<String, List<String>> query, ApiUser user) {
        return new ApiRequest("GET", "/api/calls", params, query, "", new byte[0], Map.of(), user);
    }
}
