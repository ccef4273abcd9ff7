package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.sim.Callee;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.InboundSettings;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), dialerOn(port))) {
            rig.switchboard.startInbound(settings, callee(Duration.ZERO));
            String api = "http://127.0.0.1:" + rig.robot.httpPort();

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

    /** The callee's side of an answered call: talks for {@code talk}, then hangs up. */
    static Consumer<SimulatedCall> callee(Duration talk) {
        return call -> Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(talk); // the callee's time on the line, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
            call.hangup("NORMAL_CLEARING");
        });
    }

    @Test
    void aRobotRestartedMidCampaignSettlesItsInFlightAttemptsAndDialsNoOneTwice(@TempDir Path data) throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(dialerOn(port));
        env.put("CALLROBOT_STORE_URL", "");
        env.put("CALLROBOT_STORE_DATA_DIR", data.toString());
        try (FreeSwitchSimulator fs = new FreeSwitchSimulator()) {
            fs.startInbound(InboundSettings.defaults().withPort(port).withSessionsPerSecond(200)
                    .withOtherCallees(Callee.answerAfter(Duration.ofMillis(300))), callee(Duration.ofMillis(1500)));
            long id;
            try (Rig first = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                    FakeFunAsrServer.Settings.defaults(), env)) {
                String api = "http://127.0.0.1:" + first.robot.httpPort();
                id = createCampaign(api, 6, 6);
                StringBuilder csv = new StringBuilder("phone\n");
                for (int i = 0; i < 40; i++) {
                    csv.append(phone(i)).append('\n');
                }
                post(api + "/api/campaigns/" + id + "/contacts", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), 200);
                post(api + "/api/campaigns/" + id + "/start", "application/json", new byte[0], 200);
                // stopped while calls ring and talk: their attempts are left in flight
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> first.robot.store().attempts().inFlight(anyRobot(first)).size() >= 3
                                && attemptCount(first) >= 10);
            }
            try (Rig second = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                    FakeFunAsrServer.Settings.defaults(), env)) {
                String api = "http://127.0.0.1:" + second.robot.httpPort();
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get(api + "/api/campaigns/" + id).path("state").asText().equals("completed"));
                Map<String, CSVRecord> rows = results(api, id);
                assertThat(rows).hasSize(40);
                for (CSVRecord row : rows.values()) {
                    assertThat(row.get("attempts")).as("%s dialled once", row.get("phone")).isEqualTo("1");
                    assertThat(row.get("status")).isEqualTo("done");
                    assertThat(row.get("outcome")).isIn("answered", "failed");
                }
                // every attempt settled, none lost
                for (CSVRecord row : rows.values()) {
                    assertThat(second.robot.store().attempts().get(row.get("last_call_uuid")).orElseThrow().state())
                            .isEqualTo(AttemptState.ENDED);
                }
            }
        }
    }

    @Test
    void aNumberPutOnTheDoNotCallListMidCampaignIsNeverDialled() throws Exception {
        int port = freePort();
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), dialerOn(port))) {
            rig.switchboard.startInbound(InboundSettings.defaults().withPort(port).withSessionsPerSecond(200)
                    .withOtherCallees(Callee.busy()), callee(Duration.ZERO));
            String api = "http://127.0.0.1:" + rig.robot.httpPort();
            long id = createCampaign(api, 1, 2);
            StringBuilder csv = new StringBuilder("phone\n");
            for (int i = 0; i < 12; i++) {
                csv.append(phone(i)).append('\n');
            }
            post(api + "/api/campaigns/" + id + "/contacts", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), 200);
            post(api + "/api/campaigns/" + id + "/start", "application/json", new byte[0], 200);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> attemptCount(rig) >= 2);
            // the last four, in any spelling the API accepts
            for (int i = 8; i < 12; i++) {
                post(api + "/api/dnc", "application/json",
                        ("{\"phone\": \"+86 " + phone(i) + "\", \"reason\": \"complained\"}").getBytes(StandardCharsets.UTF_8), 201);
            }
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(api + "/api/campaigns/" + id).path("state").asText().equals("completed"));
            Map<String, CSVRecord> rows = results(api, id);
            for (int i = 8; i < 12; i++) {
                CSVRecord row = rows.get(phone(i));
                assertThat(row.get("attempts")).as("%s never dialled", phone(i)).isEqualTo("0");
                assertThat(row.get("status")).isEqualTo("dnc");
            }
            assertThat(rows.get(phone(0)).get("outcome")).isEqualTo("busy");
        }
    }

    private static String anyRobot(Rig rig) {
        return rig.robot.store().attempts().inState(AttemptState.ORIGINATING, 1).stream()
                .map(AttemptRow::robotId).findFirst()
                .orElseGet(() -> rig.robot.store().attempts().inState(AttemptState.ANSWERED, 1).stream()
                        .map(AttemptRow::robotId).findFirst().orElse("?"));
    }

    private static int attemptCount(Rig rig) {
        return rig.robot.store().attempts().inState(AttemptState.ENDED, 1000).size()
                + rig.robot.store().attempts().inState(AttemptState.ANSWERED, 1000).size()
                + rig.robot.store().attempts().inState(AttemptState.ORIGINATING, 1000).size();
    }

    long createCampaign(String api, int maxConcurrent, int callsPerSecond) throws Exception {
        String body = """
                {"name": "催收 e2e", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default",
                 "callerIds": ["02150001000", "02150001001"], "variables": {"due_date": "12月5日"},
                 "window": {"timezone": "UTC", "days": ["mon","tue","wed","thu","fri","sat","sun"], "hours": ["00:00-24:00"]},
                 "pacing": {"maxConcurrent": %d, "callsPerSecond": %d},
                 "retry": {"busy": {"afterMinutes": 10, "maxAttempts": 1}, "noAnswer": {"afterMinutes": 60, "maxAttempts": 1},
                           "unreachable": {"afterMinutes": 60, "maxAttempts": 1}, "failed": {"afterMinutes": 30, "maxAttempts": 1}},
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
