package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.CallRecordSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call through the simulator whose flow asks for a summary gets one in the store after hang-up. */
class SummaryEndToEndTest {

    private static final String PROMPT = "用一句话总结通话，并给出客户意向：高/中/低";
    private static final String SUMMARY = "客户确认身份后挂断，意向：中";
    /** A scripted flow: the only LLM request of its calls is the summary's; the record keeps the variables it uses. */
    private static final String FLOW = """
            name: summary-check
            language: zh-CN
            start: hello
            summary:
              prompt: %s
              maxTokens: 100
            nodes:
              hello:
                say: ${customer_name}您好，这里是还款提醒。
                intents: [{keywords: [是], goto: bye}]
              bye:
                say: 再见。
                hangup: {result: done}
            """.formatted(PROMPT);

    private static Rig rig(Path flows, String summary) throws Exception {
        Files.writeString(flows.resolve("summary-check.yaml"), FLOW);
        Map<String, String> env = new HashMap<>(Map.of("CALLROBOT_DIALOG_FLOWS_DIR", flows.toString(),
                "CALLROBOT_LLM_SUMMARY", summary));
        env.putAll(Rig.ENERGY_VAD); // no caller speech here: the energy VAD needs no model file
        return new Rig(FakeLlmServer.Settings.defaults().withAnswer(SUMMARY), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), env);
    }

    private static SimulatedCall talkAndHangUp(Rig rig) throws Exception {
        SimulatedCall call = rig.call("summary-check", Map.of("customer_name", "张三"));
        call.awaitFirstRobotAudio(WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        call.hangup("NORMAL_CLEARING");
        return call;
    }

    @Test
    void aFinishedCallGetsItsSummaryInTheStore(@TempDir Path flows) throws Exception {
        try (Rig rig = rig(flows, "on")) {
            SimulatedCall call = talkAndHangUp(rig);
            CallRecordSummary stored = await().atMost(WAIT).until(
                    () -> rig.robot.store().callRecords().summary(call.uuid()).orElse(null), s -> s != null);
            assertThat(stored).isEqualTo(CallRecordSummary.of(SUMMARY));
            assertThat(rig.llm.requests()).isEqualTo(1);
            JsonNode request = rig.llm.requestBodies().getFirst();
            assertThat(request.has("tools")).isFalse();
            assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo(PROMPT);
            assertThat(request.path("messages").get(1).path("content").asText())
                    .contains("robot: 张三您好，这里是还款提醒。").contains("customer_name: 张三");
            await().atMost(WAIT).until(() -> rig.robot.metrics().scrape()
                    .contains("callrobot_summaries_total{outcome=\"done\"} 1.0"));
        }
    }

    @Test
    void withSummariesOffTheCallIsStoredWithoutAsking(@TempDir Path flows) throws Exception {
        try (Rig rig = rig(flows, "off")) {
            SimulatedCall call = talkAndHangUp(rig);
            rig.record(call.uuid());
            await().atMost(WAIT).until(() -> rig.robot.store().callRecords().get(call.uuid()).isPresent());
            assertThat(rig.robot.store().callRecords().summary(call.uuid())).isEmpty();
            assertThat(rig.llm.requests()).isZero();
            assertThat(rig.robot.metrics().scrape()).doesNotContain("callrobot_summaries");
        }
    }
}
