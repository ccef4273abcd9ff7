package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.sim.Callee;
import io.callrobot.sim.InboundEventSocket;
import io.callrobot.sim.InboundSettings;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Whole campaigns through the robot's API, its dialer, FreeSWITCH's event socket (the simulator's
 * inbound side) and the robot's own outbound socket: every contact reaches its final state.
 */
class CampaignEndToEndTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** What each contact's number does when dialled, by its last digit. */
    private static Callee callee(int i) {
        return switch (i % 5) {
            case 0 -> Callee.answer();
            case 1 -> Callee.busy();
            case 2 -> Callee.noAnswer();
            case 3 -> Callee.hangup("UNALLOCATED_NUMBER");
            default -> Callee.hangupAfter(Duration.ofMillis(200), "SUBSCRIBER_ABSENT");
        };
    }

    private static String expectedOutcome(int i) {
        return List.of("answered", "busy", "no_answer", "invalid_number", "unreachable").get(i % 5);
    }

    private static String phone(int i) {
        return String.format("1390000%04d", i);
    }

    @Test
    void aCampaignOf200ContactsWithMixedOutcomesSettlesEveryContactOnce() throws Exception {
        int port = freePort();
        InboundSettings settings = InboundSettings.defaults().withPort(port).withSessionsPerSecond(200);
        for (int i = 0; i < 200; i++) {
            settings = settings.withCallee(phone(i), callee(i));
        }
        try (Rig rig = new Rig(io.callrobot.bench.FakeLlmServer.Settings.defaults(),
                io.callrobot.bench.FakeTtsServer.Settings.defaults(),
                io.callrobot.bench.FakeFunAsrServer.Settings.defaults(), dialerOn(port))) {
            InboundEventSocket fs = rig.switchboard.startInbound(settings);
            String api = "http://127.0.0.1:" + rig.robot.httpPort();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService answerer = Executors.newVirtualThreadPerTaskExecutor();
            answerer.submit(() -> hangUpAnsweredCalls(rig, fs, done));

            long id = createCampaign(api, 50, 20);
            StringBuilder csv = new StringBuilder("phone,customer_name,amount\n");
            for (int i = 0; i < 200; i++) {
                csv.append(phone(i)).append(",客户").append(i).append(",\"1,2").append(i).append(".00\"\n");
            }
            csv.append("12345,坏号码,1\n");
            JsonNode imported = post(api + "/api/campaigns/" + id + "/contacts", "text/csv",
                    csv.toString().getBytes(StandardCharsets.UTF_8), 200);
            assertThat(imported.path("accepted").asInt()).isEqualTo(200);
            assertThat(imported.path("rejected").get(0).path("line").asInt()).isEqualTo(202);
            post(api + "/api/campaigns/" + id + "/start", "application/json", new byte[0], 200);

            Awaitility.await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(api + "/api/campaigns/" + id).path("state").asText().equals("completed"));
            done.set(true);
            answerer.close();

            JsonNode counts = get(api + "/api/campaigns/" + id).path("counts");
            assertThat(counts.path("byStatus").path("done").asInt()).isEqualTo(200);
            Map<String, CSVRecord> rows = results(api, id);
            assertThat(rows).hasSize(200);
            for (int i = 0; i < 200; i++) {
                CSVRecord row = rows.get(phone(i));
                assertThat(row.get("outcome")).as("contact %d", i).isEqualTo(expectedOutcome(i));
                assertThat(row.get("attempts")).as("contact %d dialled once", i).isEqualTo("1");
                assertThat(row.get("customer_name")).isEqualTo("客户" + i);
            }
            CSVRecord answered = rows.get(phone(0));
            assertThat(answered.get("result")).isNotEmpty();
            JsonNode call = get(api + answered.get("call_record"));
            assertThat(call.path("uuid").asText()).isEqualTo(answered.get("last_call_uuid"));
            assertThat(call.path("variables").path("customer_name").asText()).isEqualTo("客户0");
        }
    }

    static Map<String, String> dialerOn(int inboundPort) {
        return Map.of("CALLROBOT_DIALER_ENABLED", "true",
                "CALLROBOT_ESL_INBOUND_PORT", Integer.toString(inboundPort),
                "CALLROBOT_DIALER_RING_TIMEOUT", "1s",
                "CALLROBOT_DIALER_SESSIONS_PER_SECOND", "100",
                "CALLROBOT_DIALER_END_GRACE", "2s");
    }

    /** The callee's side of answered calls: hangs up once the robot has the call. */
    static void hangUpAnsweredCalls(Rig rig, InboundEventSocket fs, AtomicBoolean done) {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        while (!done.get()) {
            for (AttemptRow attempt : rig.robot.store().attempts().inState(AttemptState.ANSWERED, 500)) {
                if (handled.add(attempt.callUuid())) {
                    try {
                        fs.awaitCall(attempt.callUuid(), Duration.ofSeconds(5)).hangup("NORMAL_CLEARING");
                    } catch (Exception e) {
                        handled.remove(attempt.callUuid());
                    }
                }
            }
            try {
                Thread.sleep(50); // a polling period, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long createCampaign(String api, int maxConcurrent, int callsPerSecond) throws Exception {
        String body = """
                {"name": "催收 e2e", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
                 "callerIds": ["02150001000", "02150001001"], "variables": {"due_date": "12月5日"},
                 "window": {"timezone": "UTC", "days": ["mon","tue","wed","thu","fri","sat","sun"], "hours": ["00:00-24:00"]},
                 "pacing": {"maxConcurrent": %d, "callsPerSecond": %d},
                 "retry": {"busy": {"afterMinutes": 10, "maxAttempts": 1}, "noAnswer": {"afterMinutes": 60, "maxAttempts": 1},
                           "unreachable": {"afterMinutes": 60, "maxAttempts": 1}},
                 "dailyCapPerNumber": 3}
                """.formatted(maxConcurrent, callsPerSecond);
        JsonNode created = post(api + "/api/campaigns", "application/json", body.getBytes(StandardCharsets.UTF_8), 201);
        assertThat(created.path("state").asText()).isEqualTo("draft");
        return created.path("id").asLong();
    }

    Map<String, CSVRecord> results(String api, long id) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/campaigns/" + id
                + "/results.csv")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] body = response.body();
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        Map<String, CSVRecord> rows = new HashMap<>();
        try (CSVParser parser = CSVFormat.EXCEL.builder().setHeader().build().parse(new java.io.StringReader(text))) {
            for (CSVRecord record : parser) {
                rows.put(record.get("phone"), record);
            }
        }
        return rows;
    }

    JsonNode post(String url, String type, byte[] body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return json.readTree(response.body());
    }

    JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
