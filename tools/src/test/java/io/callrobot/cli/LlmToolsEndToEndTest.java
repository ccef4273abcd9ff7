package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.CUSTOMER;
import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeLlmServer.ScriptedAnswer;
import io.callrobot.bench.FakeLlmServer.ScriptedCall;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.llm.ToolsUnsupportedException;
import io.callrobot.ops.CallRecord;
import io.callrobot.sim.SimulatedCall;
import io.callrobot.store.CallRecordRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LLM node's built-in tools through the switch simulator: fields recorded, a call ended, a transfer. */
class LlmToolsEndToEndTest {

    private static Rig rig(String said, ScriptedAnswer... script) throws Exception {
        return new Rig(FakeLlmServer.Settings.defaults().withScript(script), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of(said)), Rig.ENERGY_VAD);
    }

    /** Confirms the identity by keypad, waits for the reminder's question, then speaks. */
    private static void reachTheModelAndSpeak(SimulatedCall call) throws Exception {
        call.awaitFirstRobotAudio(WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        call.pressDtmf('1');
        call.awaitRobotAudioAfter(call.robotFrameCount(), WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        call.play(Rig.utterance(1.2));
    }

    @Test
    void aPromiseToPayOnADateEndsWithTheDateInTheRecordAndTheStore() throws Exception {
        try (Rig rig = rig("我三月二十号还一千二",
                ScriptedAnswer.calls("好的，", new ScriptedCall("call_1", "record_fields",
                        "{\"promise_date\":\"2026-03-20\",\"amount\":1200}")),
                ScriptedAnswer.calls("", new ScriptedCall("call_2", "end_call",
                        "{\"result\":\"promise_to_pay\",\"say\":\"记下了，三月二十号还款一千二百元，感谢您的接听，再见。\"}")))) {
            SimulatedCall call = rig.call("payment-reminder-llm-zh", CUSTOMER);
            reachTheModelAndSpeak(call);
            assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(record.result()).isEqualTo("promise_to_pay");
            assertThat(record.fields().get("promise_date").asText()).isEqualTo("2026-03-20");
            assertThat(record.fields().get("amount").asDouble()).isEqualTo(1200);
            assertThat(CallEndToEndTest.robotText(record)).contains("好的，记下了，三月二十号还款一千二百元");
            // the model saw the field's schema, then its call answered
            assertThat(rig.llm.requestBodies().getFirst().path("tools").toString())
                    .contains("\"record_fields\"").contains("\"format\":\"date\"");
            assertThat(rig.llm.requestBodies().get(1).path("messages").toString())
                    .contains("\"tool_call_id\":\"call_1\"").contains("recorded");

            CallRecordRow stored = await().atMost(WAIT)
                    .until(() -> rig.robot.store().callRecords().get(call.uuid()).orElse(null), r -> r != null);
            assertThat(stored.result()).isEqualTo("promise_to_pay");
            assertThat(stored.recordJson()).contains("\"fields\":{\"promise_date\":\"2026-03-20\",\"amount\":1200}");
        }
    }

    @Test
    void aTransferByTheModelReachesTheSwitch() throws Exception {
        try (Rig rig = rig("帮我转人工",
                ScriptedAnswer.calls("好的，", new ScriptedCall("call_1", "transfer",
                        "{\"to\":\"1000\",\"say\":\"正在为您转接人工客服。\"}")))) {
            SimulatedCall call = rig.call("payment-reminder-llm-zh", CUSTOMER);
            reachTheModelAndSpeak(call);
            CallRecord record = rig.record(call.uuid());
            assertThat(call.commands()).anyMatch(c -> "transfer".equals(c.header("execute-app-name"))
                    && "1000".equals(c.header("execute-app-arg")));
            assertThat(record.result()).isEqualTo("transfer_agent");
            assertThat(record.transferredTo()).isEqualTo("1000");
            assertThat(CallEndToEndTest.robotText(record)).contains("好的，正在为您转接人工客服。");
        }
    }

    @Test
    void aServerWithoutToolsFoundAtStartUpLetsTheModelTalkWithoutThem() throws Exception {
        FakeLlmServer.Settings noTools = FakeLlmServer.Settings.defaults().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED)
                .withScript(ScriptedAnswer.text("好的，我记下了。"));
        try (Rig rig = new Rig(noTools, FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(List.of("我下周还")), Rig.ENERGY_VAD)) {
            assertThat(rig.llm.oneTokenRequests()).as("one probe at start-up").hasSize(1);
            SimulatedCall call = rig.call("payment-reminder-llm-zh", CUSTOMER);
            reachTheModelAndSpeak(call);
            await("the model's answer").atMost(WAIT).until(() -> !rig.llm.requestBodies().isEmpty());
            call.awaitRobotAudioAfter(call.robotFrameCount(), WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(CallEndToEndTest.robotText(record)).contains("好的，我记下了。");
            assertThat(rig.llm.requestBodies()).allSatisfy(body -> assertThat(body.has("tools")).isFalse());
        }
    }

    @Test
    void requiredToolsAndAServerWithoutThemStopTheStartUp() {
        FakeLlmServer.Settings noTools = FakeLlmServer.Settings.defaults().withFault(FakeLlmServer.Fault.TOOLS_UNSUPPORTED);

        assertThatThrownBy(() -> new Rig(noTools, FakeTtsServer.Settings.defaults(), FakeFunAsrServer.Settings.defaults(),
                Map.of("CALLROBOT_LLM_TOOLS", "required")).close())
                .isInstanceOf(ToolsUnsupportedException.class)
                .hasMessageContaining("cannot call tools").hasMessageContaining("llm.tools: off");
    }
}
