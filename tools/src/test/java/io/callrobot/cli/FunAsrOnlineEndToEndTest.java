package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FunASR in {@code online} mode, whose server never sends an offline result to close an utterance:
 * each caller turn must still hold only the words of its own utterance.
 */
class FunAsrOnlineEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1200);

    @Test
    void everyCallerTurnHoldsOnlyItsOwnUtterance() throws Exception {
        Map<String, String> env = new HashMap<>(Rig.ENERGY_VAD);
        env.put("CALLROBOT_ASR_FUNASR_MODE", "online");
        FakeLlmServer.Settings llm = FakeLlmServer.Settings.defaults().withAnswer("好的，我记下了。");
        FakeFunAsrServer.Settings asr = FakeFunAsrServer.Settings.defaults()
                .withTranscripts(List.of("我想查一下账单", "我明天还款"));
        try (Rig rig = new Rig(llm, FakeTtsServer.Settings.defaults(), asr, env)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            for (int turn = 0; turn < 2; turn++) {
                int before = call.robotFrameCount();
                call.play(Rig.utterance(1.2));
                call.awaitRobotAudioAfter(before, WAIT);
                call.awaitRobotSilence(QUIET, WAIT);
            }
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(record.turns().stream().filter(t -> "speech".equals(t.input())).map(TurnRecord::text))
                    .containsExactly("我想查一下账单", "我明天还款");
            // the fake LLM reports usage when asked (stream_options.include_usage, on by default)
            List<TurnRecord> answers = record.turns().stream()
                    .filter(t -> t.speaker().equals("robot") && t.latency().containsKey("llm_first_token")).toList();
            assertThat(answers).hasSize(2).allSatisfy(t -> {
                assertThat(t.llm()).isNotNull();
                assertThat(t.llm().promptTokens()).isPositive();
                assertThat(t.llm().completionTokens()).isPositive();
                assertThat(t.llm().totalTokens()).isEqualTo(t.llm().promptTokens() + t.llm().completionTokens());
            });
        }
    }
}
