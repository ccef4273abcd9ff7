package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.store.AttemptEnd;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.CallRecordSummary;
import io.callrobot.store.ContactNext;
import io.callrobot.store.ContactRow;
import io.callrobot.store.NewAttempt;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import io.callrobot.web.ApiUser;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign API over a real (embedded) store: what it accepts, and every way it refuses. */
class CampaignApiTest {

    private static final String CAMPAIGN = """
            {"name": "提醒", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
             "window": {"timezone": "Asia/Shanghai", "days": ["mon","tue","wed","thu","fri"], "hours": ["09:00-12:00"]}}
            """;

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger wakes = new AtomicInteger();
    private Store store;
    private OpsHttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(StoreConfig.embedded(dir), Clock.systemUTC());
        server = ApiTestServer.start(new ApiDispatcher(CampaignApi.routes(store, () -> Set.of("payment-reminder-zh"), wakes::incrementAndGet,
                        dir.resolve("recordings")),
                        new ApiAccess(Optional.empty()), json, handlers));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        handlers.close();
        store.close();
    }

    private record Answer(int status, JsonNode body, String text) {
    }

    private Answer send(String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (type != null) {
            request.header("Content-Type", type);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? json.readTree(response.body()) : null;
        return new Answer(response.statusCode(), node, response.body());
    }

    private Answer post(String path, String type, String body, Charset charset) throws Exception {
        return send("POST", path, type, body.getBytes(charset));
    }

    private long create() throws Exception {
        Answer created = post("/api/campaigns", "application/json", CAMPAIGN, StandardCharsets.UTF_8);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().path("id").asLong();
    }

    @Test
    void aCampaignIsCreatedWithEveryDefaultWrittenOutAndListed() throws Exception {
        long id = create();
        Answer got = send("GET", "/api/campaigns/" + id, null, null);
        assertThat(got.body().path("state").asText()).isEqualTo("draft");
        assertThat(got.body().path("window").path("timezone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(got.body().path("retry").path("busy").path("afterMinutes").asInt()).isEqualTo(10);
        assertThat(got.body().path("counts").path("total").asInt()).isZero();
        assertThat(send("GET", "/api/campaigns", null, null).body().path("campaigns")).hasSize(1);
    }

    @Test
    void anInvalidDefinitionNamesTheFieldAndCreatesNothing() throws Exception {
        Answer bad = post("/api/campaigns", "application/json", CAMPAIGN.replace("09:00-12:00", "14:00-13:00")
                .replace("payment-reminder-zh", "no-such-flow"), StandardCharsets.UTF_8);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isIn("flow", "window.hours[0]");
        assertThat(bad.body().path("error").asText()).contains("1 more");
        assertThat(post("/api/campaigns", "application/json", "{\"name\": ", StandardCharsets.UTF_8).body()
                .path("field").asText()).isEqualTo("body");
        assertThat(send("POST", "/api/campaigns", "application/json", new byte[0]).status()).isEqualTo(400);
        assertThat(send("GET", "/api/campaigns", null, null).body().path("campaigns")).isEmpty();
    }

    @Test
    void contactsInGbkAreImportedAndRejectedRowsReportedByLine() throws Exception {
        long id = create();
        String csv = "手机号,customer_name,amount\n138 0013 8000,张三,\"1,280.50\"\n12345,李四,1\n+8613800138000,重复,2\n";
        Answer imported = post("/api/campaigns/" + id + "/contacts", "text/csv", csv, Charset.forName("GBK"));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(imported.body().path("duplicates").asInt()).isEqualTo(1);
        assertThat(imported.body().path("rejected").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(wakes.get()).isEqualTo(1);

        Answer results = send("GET", "/api/campaigns/" + id + "/results.csv", null, null);
        assertThat(results.text()).startsWith("\uFEFFphone,customer_name,amount,status");
        assertThat(results.text()).contains("13800138000,张三,\"1,280.50\",pending");
    }

    @Test
    void aContactFileWithoutAPhoneColumnIsRefusedWhole() throws Exception {
        long id = create();
        Answer bad = post("/api/campaigns/" + id + "/contacts", "text/csv", "name\n张三\n", StandardCharsets.UTF_8);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("body");
        Answer type = post("/api/campaigns/" + id + "/contacts", "application/json", "{}", StandardCharsets.UTF_8);
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.body().path("field").asText()).isEqualTo("Content-Type");
        assertThat(send("GET", "/api/campaigns/" + id, null, null).body().path("counts").path("total").asInt()).isZero();
    }

    @Test
    void stateChangesFollowTheLifecycleAndRefuseTheRestWith409() throws Exception {
        long id = create();
        assertThat(post("/api/campaigns/" + id + "/pause", null, "", StandardCharsets.UTF_8).status()).isEqualTo(409);
        assertThat(post("/api/campaigns/" + id + "/start", null, "", StandardCharsets.UTF_8).body()
                .path("state").asText()).isEqualTo("running");
        assertThat(post("/api/campaigns/" + id + "/start", null, "", StandardCharsets.UTF_8).status()).isEqualTo(409);
        assertThat(post("/api/campaigns/" + id + "/pause", null, "", StandardCharsets.UTF_8).body()
                .path("state").asText()).isEqualTo("paused");
        assertThat(post("/api/campaigns/" + id + "/resume", null, "", StandardCharsets.UTF_8).body()
                .path("state").asText()).isEqualTo("running");
        assertThat(post("/api/campaigns/" + id + "/stop", null, "", StandardCharsets.UTF_8).body()
                .path("state").asText()).isEqualTo("stopped");
        assertThat(post("/api/campaigns/" + id + "/resume", null, "", StandardCharsets.UTF_8).status()).isEqualTo(409);
        Answer closed = post("/api/campaigns/" + id + "/contacts", "text/csv", "phone\n13800138000\n", StandardCharsets.UTF_8);
        assertThat(closed.status()).isEqualTo(409);
    }

    @Test
    void unknownCampaignsAndCallsAre404() throws Exception {
        assertThat(send("GET", "/api/campaigns/99", null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/campaigns/abc", null, null).status()).isEqualTo(404);
        assertThat(post("/api/campaigns/99/start", null, "", StandardCharsets.UTF_8).status()).isEqualTo(404);
        assertThat(send("GET", "/api/campaigns/99/results.csv", null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/calls/nope", null, null).status()).isEqualTo(404);
    }

    @Test
    void callQueriesCheckTheirParameters() throws Exception {
        assertThat(send("GET", "/api/calls?campaign=1&limit=10", null, null).body().path("calls")).isEmpty();
        Answer from = send("GET", "/api/calls?from=yesterday", null, null);
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.body().path("field").asText()).isEqualTo("from");
        assertThat(send("GET", "/api/calls?limit=100000", null, null).body().path("field").asText()).isEqualTo("limit");
        assertThat(send("GET", "/api/calls?campaign=x", null, null).body().path("field").asText()).isEqualTo("campaign");
    }

    @Test
    void theDoNotCallListTakesNumbersInAnyFormAndCsv() throws Exception {
        long id = create();
        Answer added = post("/api/dnc", "application/json", "{\"phone\": \"+86 138-0013-8000\", \"reason\": \"投诉\"}",
                StandardCharsets.UTF_8);
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().path("phone").asText()).isEqualTo("13800138000");
        assertThat(post("/api/dnc", "application/json", "{\"phone\": \"13800138000\"}", StandardCharsets.UTF_8)
                .status()).isEqualTo(200);
        Answer bad = post("/api/dnc", "application/json", "{\"phone\": \"12\"}", StandardCharsets.UTF_8);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("phone");
        assertThat(post("/api/dnc", "application/json", "{\"phone\": \"13900139000\", \"campaignId\": 77}",
                StandardCharsets.UTF_8).body().path("field").asText()).isEqualTo("campaignId");

        Answer csv = post("/api/dnc?campaign=" + id, "text/csv", "phone,reason\n13900139000,x\nbad,y\n", StandardCharsets.UTF_8);
        assertThat(csv.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(csv.body().path("rejected").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(send("GET", "/api/dnc", null, null).body().path("entries")).hasSize(1);
        assertThat(send("DELETE", "/api/dnc/13800138000", null, null).status()).isEqualTo(200);
        assertThat(send("DELETE", "/api/dnc/13800138000", null, null).status()).isEqualTo(404);
    }

    @Test
    void unknownPathsAndMethodsAnswerWithJson() throws Exception {
        assertThat(send("GET", "/api/nothing", null, null).status()).isEqualTo(404);
        Answer method = send("PUT", "/api/campaigns", "application/json", new byte[0]);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.body().path("error").asText()).contains("GET, POST");
    }

    @Test
    void theBreakdownCountsAttemptsByOutcomeAndResultWithThoseInFlightApart() throws Exception {
        long id = create();
        post("/api/campaigns/" + id + "/contacts", "text/csv", "phone\n13800138000\n13800138001\n13800138002\n",
                StandardCharsets.UTF_8);
        Instant now = Instant.now();
        List<ContactRow> claimed = store.contacts().claimDue(id, "robot-1", now, now.plusSeconds(60), 10);
        assertThat(claimed).hasSize(3);
        for (ContactRow c : claimed) {
            store.attempts().recordOriginating(new NewAttempt("call-" + c.id(), id, c.id(), "robot-1", c.phone(), null, now));
        }
        store.attempts().finish(new AttemptEnd("call-" + claimed.get(0).id(), "answered", "NORMAL_CLEARING", "promise",
                now.plusSeconds(30), 25_000L), ContactNext.done("promise"));
        store.attempts().finish(new AttemptEnd("call-" + claimed.get(1).id(), "busy", "USER_BUSY", null,
                now.plusSeconds(5), null), ContactNext.retryAt(now.plusSeconds(600)));

        JsonNode attempts = send("GET", "/api/campaigns/" + id + "/breakdown", null, null).body().path("attempts");
        assertThat(attempts.path("total").asInt()).isEqualTo(3);
        assertThat(attempts.path("inFlight").asInt()).isEqualTo(1);
        assertThat(attempts.path("byOutcome").path("answered").asInt()).isEqualTo(1);
        assertThat(attempts.path("byOutcome").path("busy").asInt()).isEqualTo(1);
        assertThat(attempts.path("byOutcome")).hasSize(2);
        assertThat(attempts.path("byResult").path("promise").asInt()).isEqualTo(1);
        assertThat(send("GET", "/api/campaigns/99/breakdown", null, null).status()).isEqualTo(404);
    }

    @Test
    void resultsHaveAColumnPerRecordedFieldWithEachContactsValues() throws Exception {
        long id = create();
        post("/api/campaigns/" + id + "/contacts", "text/csv", "phone,customer_name\n13800138000,张三\n13800138001,李四\n",
                StandardCharsets.UTF_8);
        Instant now = Instant.now();
        List<ContactRow> claimed = store.contacts().claimDue(id, "robot-1", now, now.plusSeconds(60), 10);
        assertThat(claimed).hasSize(2);
        String[] fields = {
            "{\"promise_date\":\"2026-03-20\",\"amount\":1200}",
            "{\"callback_time\":\"2026-03-21T10:00:00\",\"note\":\"请下午打, 谢谢\",\"amount\":80.5}"};
        for (int i = 0; i < 2; i++) {
            ContactRow c = claimed.get(i);
            String uuid = "call-" + c.id();
            store.attempts().recordOriginating(new NewAttempt(uuid, id, c.id(), "robot-1", c.phone(), null, now));
            store.callRecords().save(new CallRecordRow(uuid, id, c.id(), "outbound", "4000100100",
                    c.phone(), "payment-reminder-zh", now, now, now.plusSeconds(30), 30_000, "promise_to_pay",
                    "NORMAL_CLEARING", "{\"uuid\":\"" + uuid + "\",\"fields\":" + fields[i] + "}", "robot: 您好\n"));
            store.attempts().finish(new AttemptEnd(uuid, "answered", "NORMAL_CLEARING", "promise_to_pay",
                    now.plusSeconds(30), 30_000L), ContactNext.done("promise_to_pay"));
        }

        String text = send("GET", "/api/campaigns/" + id + "/results.csv", null, null).text();
        List<CSVRecord> rows = CSVFormat.EXCEL.builder()
                .setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text.substring(1)))
                .getRecords();

        assertThat(rows.getFirst().getParser().getHeaderNames()).endsWith("call_record", "summary", "promise_date", "amount",
                "callback_time", "note");
        assertThat(rows).hasSize(2);
        Map<String, String> first = rows.get(0).toMap();
        Map<String, String> second = rows.get(1).toMap();
        assertThat(first).containsEntry("customer_name", "张三").containsEntry("promise_date", "2026-03-20")
                .containsEntry("amount", "1200").containsEntry("callback_time", "").containsEntry("note", "");
        assertThat(second).containsEntry("customer_name", "李四").containsEntry("promise_date", "")
                .containsEntry("amount", "80.5").containsEntry("callback_time", "2026-03-21T10:00:00")
                .containsEntry("note", "请下午打, 谢谢");
    }

    @Test
    void theResultsCarryEachContactsLastCallSummaryAndNothingForAFailedOne() throws Exception {
        long id = create();
        post("/api/campaigns/" + id + "/contacts", "text/csv", "phone\n13800138000\n13800138001\n13800138002\n",
                StandardCharsets.UTF_8);
        Instant now = Instant.now();
        List<ContactRow> claimed = store.contacts().claimDue(id, "robot-1", now, now.plusSeconds(60), 10);
        for (ContactRow c : claimed.subList(0, 2)) {
            String uuid = "call-" + c.id();
            store.attempts().recordOriginating(new NewAttempt(uuid, id, c.id(), "robot-1", c.phone(), null, now));
            store.callRecords().save(new CallRecordRow(uuid, id, c.id(), "outbound", "4000", c.phone(),
                    "payment-reminder-zh", now, now, now.plusSeconds(30), 30_000, "promise", "NORMAL_CLEARING",
                    "{\"uuid\":\"" + uuid + "\"}", "robot: 您好\n"));
        }
        store.callRecords().saveSummary("call-" + claimed.get(0).id(), CallRecordSummary.of("客户承诺周五还款，\"意向：高\""));
        store.callRecords().saveSummary("call-" + claimed.get(1).id(), CallRecordSummary.failed("the LLM failed"));

        String csv = send("GET", "/api/campaigns/" + id + "/results.csv", null, null).text();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",call_record,summary");
        assertThat(csv).contains(",/api/calls/call-" + claimed.get(0).id() + ",\"客户承诺周五还款，\"\"意向：高\"\"\"\r\n")
                .contains(",/api/calls/call-" + claimed.get(1).id() + ",\r\n")
                .doesNotContain("the LLM failed");
    }

    @Test
    void contactsComeAPageAtATimeInImportOrder() throws Exception {
        long id = create();
        post("/api/campaigns/" + id + "/contacts", "text/csv", "phone\n13800138000\n13800138001\n13800138002\n",
                StandardCharsets.UTF_8);
        JsonNode first = send("GET", "/api/campaigns/" + id + "/contacts?limit=2", null, null).body();
        assertThat(first.path("contacts")).hasSize(2);
        assertThat(first.path("contacts").get(0).path("phone").asText()).isEqualTo("13800138000");
        assertThat(first.path("contacts").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(first.path("contacts").get(0).path("status").asText()).isEqualTo("pending");
        JsonNode last = send("GET", "/api/campaigns/" + id + "/contacts?limit=2&after=" + first.path("next").asLong(),
                null, null).body();
        assertThat(last.path("contacts")).hasSize(1);
        assertThat(last.path("contacts").get(0).path("phone").asText()).isEqualTo("13800138002");
        assertThat(last.path("next").isNull()).isTrue();
        Answer bad = send("GET", "/api/campaigns/" + id + "/contacts?limit=0", null, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("limit");
    }

    @Test
    void contactNumbersAreMaskedForAUserWhoMayNotSeeThem() throws Exception {
        long id = create();
        post("/api/campaigns/" + id + "/contacts", "text/csv", "phone\n13800138000\n", StandardCharsets.UTF_8);
        ApiJson apiJson = new ApiJson();
        CampaignProgressResource progress = new CampaignProgressResource(store,
                new CampaignResource(store, Set::of, () -> { }, apiJson), apiJson);
        ApiResponse answer = progress.contacts(new ApiRequest("GET", "/api/campaigns/" + id + "/contacts",
                Map.of("id", Long.toString(id)), Map.of(), "", new byte[0], Map.of(), new ApiUser("agent", false)));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        answer.body().writeTo(body);
        assertThat(json.readTree(body.toByteArray()).path("contacts").get(0).path("phone").asText())
                .isEqualTo("138****8000");
    }
}
