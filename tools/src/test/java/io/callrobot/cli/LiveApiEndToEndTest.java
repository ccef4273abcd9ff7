package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static io.callrobot.cli.LiveEventStream.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.sim.SimulatedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live calls API over real HTTP, with calls placed by the FreeSWITCH simulator: the event
 * stream (snapshot, then each call's events as they happen) and ops hanging up and transferring.
 */
class LiveApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Rig rig(List<String> transcripts) throws Exception {
        return new Rig(FakeLlmServer.Settings.defaults().withAnswer("好的，我来帮您查一下账单。"),
                FakeTtsServer.Settings.defaults(), FakeFunAsrServer.Settings.defaults().withTranscripts(transcripts),
                Rig.ENERGY_VAD);
    }

    private HttpResponse<String> post(Rig rig, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.robot.httpPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theStreamShowsASnapshotThenTheCallStartingTalkingAndEnding() throws Exception {
        try (Rig rig = rig(List.of("我想查一下账单"));
                LiveEventStream stream = new LiveEventStream(rig.robot.httpPort())) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            LiveEventStream.Event snapshot = stream.next(named("snapshot", null), WAIT);
            assertThat(snapshot.data().get("calls")).isEmpty();
            assertThat(snapshot.id()).isEqualTo("1");

            SimulatedCall call = rig.call("assistant-zh", Map.of());
            JsonNode started = stream.next(named("started", call.uuid()), WAIT).data();
            assertThat(started.get("flow").asText()).isEqualTo("assistant-zh");
            assertThat(started.get("callee").asText()).isEqualTo("13800138000"); // the loopback user sees numbers
            assertThat(stream.next(named("state", call.uuid()), WAIT).data().get("state").asText()).isEqualTo("talking");
            stream.next(e -> named("speaking", call.uuid()).test(e) && e.data().get("who").asText().equals("robot")
                    && e.data().get("on").asBoolean(), WAIT);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            // in the middle of the call, a second console gets it in its snapshot
            try (LiveEventStream late = new LiveEventStream(rig.robot.httpPort())) {
                JsonNode calls = late.next(named("snapshot", null), WAIT).data().get("calls");
                assertThat(calls).hasSize(1);
                assertThat(calls.get(0).get("uuid").asText()).isEqualTo(call.uuid());
                assertThat(calls.get(0).get("transcript").get(0).get("speaker").asText()).isEqualTo("robot");
                assertThat(calls.get(0).get("startedAt").asText()).isNotBlank();
            }

            call.play(Rig.utterance(1.2));
            stream.next(e -> named("speaking", call.uuid()).test(e) && e.data().get("who").asText().equals("caller"),
                    WAIT);
            JsonNode partial = stream.next(e -> named("caller", call.uuid()).test(e)
                    && e.data().get("partial").asBoolean(), WAIT).data();
            assertThat("我想查一下账单").startsWith(partial.get("text").asText());
            JsonNode said = stream.next(e -> named("caller", call.uuid()).test(e)
                    && !e.data().get("partial").asBoolean(), WAIT).data();
            assertThat(said.get("text").asText()).isEqualTo("我想查一下账单");
            assertThat(said.get("input").asText()).isEqualTo("speech");
            JsonNode reply = stream.next(e -> named("robot", call.uuid()).test(e)
                    && e.data().get("done").asBoolean() && e.data().get("text").asText().contains("账单"), WAIT).data();
            assertThat(reply.get("interrupted").asBoolean()).isFalse();
            call.hangup("NORMAL_CLEARING");
            JsonNode ended = stream.next(named("ended", call.uuid()), WAIT).data();
            assertThat(ended.get("hangupCause").asText()).isEqualTo("NORMAL_CLEARING");
            assertThat(ended.get("result").asText()).isEqualTo("caller_hangup");
        }
    }

    @Test
    void anIdleStreamSendsHeartbeatsPastTheIdleTimeOutAndEndsWhenItsClientGoes() throws Exception {
        // an idle time-out of 2 s: heartbeats every second keep the stream open
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), Map.of("CALLROBOT_HTTP_IDLE_TIMEOUT", "2s"))) {
            LiveEventStream stream = new LiveEventStream(rig.robot.httpPort());
            stream.next(named("snapshot", null), WAIT);
            await().atMost(WAIT).until(() -> stream.comments >= 4);
            assertThat(rig.robot.liveEvents().subscribers()).isEqualTo(1);
            SimulatedCall call = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            stream.next(named("started", call.uuid()), WAIT); // still open after twice the idle time-out

            stream.close();
            await("the subscription ends with its connection").atMost(WAIT)
                    .until(() -> rig.robot.liveEvents().subscribers() == 0);
            call.hangup("NORMAL_CLEARING");
        }
    }

    @Test
    void opsHangUpACallAndTheSwitchSeesIt() throws Exception {
        try (Rig rig = rig(List.of())) {
            SimulatedCall call = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            call.awaitFirstRobotAudio(WAIT);

            HttpResponse<String> done = post(rig, "/api/calls/" + call.uuid() + "/hangup", "");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("ops_hangup");

            await().atMost(WAIT).until(() -> rig.robot.calls().activeCalls() == 0);
            HttpResponse<String> again = post(rig, "/api/calls/" + call.uuid() + "/hangup", "");
            assertThat(again.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(again.body()).get("error").asText()).contains(call.uuid());
        }
    }

    @Test
    void opsTransferACallToAnExtensionAndRefuseABadTarget() throws Exception {
        try (Rig rig = rig(List.of())) {
            SimulatedCall call = rig.call("payment-reminder-zh", Map.of("customer_name", "张三"));
            call.awaitFirstRobotAudio(WAIT);

            for (String bad : new String[] {"{\"to\":\"8001 XML default\"}", "{\"to\":\"80'01\"}", "{\"to\":\"\"}", "{}"}) {
                HttpResponse<String> refused = post(rig, "/api/calls/" + call.uuid() + "/transfer", bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).get("field").asText()).isEqualTo("to");
            }
            assertThat(post(rig, "/api/calls/no-such-call/transfer", "{\"to\":\"8001\"}").statusCode()).isEqualTo(404);

            HttpResponse<String> done = post(rig, "/api/calls/" + call.uuid() + "/transfer", "{\"to\":\"8001\"}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            await().atMost(WAIT).until(() -> call.transferredTo().isPresent());
            assertThat(call.transferredTo()).hasValue("8001");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("ops_transfer");
            assertThat(record.transferredTo()).isEqualTo("8001");
        }
    }
}
