package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Caller sound over the robot, whole calls through the simulator: noise that pauses the robot and
 * is forgiven, backchannels that never interrupt, real words that do, and a reply that waits for a
 * caller who is still talking.
 */
class BargeInEndToEndTest {

    private static final String ANSWER = "您好，关于您的问题，我需要先说明一下我们的还款政策：每月账单日后二十天内还清全部欠款即可免息，"
            + "如果只还最低还款额，剩余部分会按日计息，另外逾期还会产生违约金并影响个人征信记录。";

    private static Rig rig(FakeLlmServer.Settings llm, List<String> transcripts, Map<String, String> overrides)
            throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CALLROBOT_VAD_ENGINE", "energy")); // synthetic caller voice
        env.putAll(overrides);
        return new Rig(llm, FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withTranscripts(transcripts), env);
    }

    private static FakeLlmServer.Settings steadyAnswer() {
        return FakeLlmServer.Settings.defaults().withAnswer(ANSWER).withDelays(Duration.ofMillis(100), Duration.ofMillis(10));
    }

    /** Greets, asks the question and waits until a second of the answer has been heard. */
    private static SimulatedCall askAndListen(Rig rig) throws Exception {
        SimulatedCall call = rig.call("assistant-zh", Map.of());
        call.awaitFirstRobotAudio(WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        int before = call.robotFrameCount();
        call.play(Rig.utterance(1.0));
        call.awaitRobotAudioAfter(before, WAIT);
        call.awaitRobotAudioAfter(call.robotFrameCount() + 50, WAIT);
        return call;
    }

    private static TurnRecord answer(CallRecord record) {
        return record.turns().stream().filter(t -> t.speaker().equals("robot") && t.latency().containsKey("llm_first_token"))
                .findFirst().orElseThrow();
    }

    @Test
    void noiseWithoutWordsPausesTheRobotWhichThenFinishesItsSentence() throws Exception {
        // the second "utterance" is a cough: the recogniser finds no words in it
        try (Rig rig = rig(steadyAnswer(), List.of("还款政策是什么", ""), Map.of())) {
            SimulatedCall call = askAndListen(rig);
            call.play(Rig.utterance(0.5));
            call.awaitCallerAudioSent(WAIT);
            long cough = call.callerUtteranceStartNanos();
            call.awaitRobotSilence(Duration.ofSeconds(3), WAIT); // longer than the pause the cough causes
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            TurnRecord answer = answer(record);
            assertThat(answer.interrupted()).isFalse();
            assertThat(answer.text()).isEqualTo(ANSWER);
            assertThat(record.turns()).anyMatch(t -> "noise".equals(t.input()));
            // the robot did stop for the cough (a gap in its frames) before it went on
            long gapStart = CallEndToEndTest.lastFrameBeforeGap(call.robotFrames(), cough, 200_000_000L);
            assertThat(call.robotFrames()).anyMatch(f -> f.arrivalNanos() > gapStart + 200_000_000L);
            assertThat((gapStart - cough) / 1e6).isLessThan(600);
        }
    }

    @Test
    void wordsModeTalksThroughABackchannelAndStopsForARealRequest() throws Exception {
        try (Rig rig = rig(steadyAnswer(), List.of("还款政策是什么", "嗯嗯", "我要转人工"),
                Map.of("CALLROBOT_CALL_BARGE_IN_MODE", "words"))) {
            SimulatedCall call = askAndListen(rig);
            call.play(Rig.utterance(0.8));               // "嗯嗯"
            call.awaitCallerAudioSent(WAIT);
            int afterBackchannel = call.robotFrameCount();
            call.awaitRobotAudioAfter(afterBackchannel + 75, WAIT); // 1.5 s later it is still talking
            call.play(Rig.utterance(1.2));               // "我要转人工"
            call.awaitCallerAudioSent(WAIT);
            long request = call.callerUtteranceStartNanos();
            call.awaitRobotSilence(Duration.ofMillis(300), WAIT);
            call.awaitRobotAudioAfter(call.robotFrameCount(), WAIT); // the answer to the request
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(record.turns()).anyMatch(t -> "backchannel".equals(t.input()) && t.text().equals("嗯嗯"));
            assertThat(record.turns()).anyMatch(t -> "speech".equals(t.input()) && t.text().equals("我要转人工"));
            TurnRecord cut = answer(record);
            assertThat(cut.interrupted()).isTrue();
            assertThat(ANSWER).startsWith(cut.text());
            // what was meant: the whole answer, streamed long before the cut; only its start was heard
            assertThat(cut.planned()).isEqualTo(ANSWER);
            assertThat(cut.text()).isNotEqualTo(ANSWER);
            assertThat(cut.latency()).containsKey("barge_in_stop");
            // the robot kept talking over the backchannel and stopped only after the request began
            long stopped = CallEndToEndTest.lastFrameBeforeGap(call.robotFrames(), request, 300_000_000L);
            assertThat(stopped).isGreaterThan(request);
        }
    }

    @Test
    void aReplyWaitsForACallerWhoStartedTalkingAgain() throws Exception {
        // the LLM takes 1.5 s to answer; meanwhile the caller goes on for 2 s without words
        FakeLlmServer.Settings slow = FakeLlmServer.Settings.defaults().withAnswer("好的，我来帮您查一下。")
                .withDelays(Duration.ofMillis(1500), Duration.ofMillis(10));
        try (Rig rig = rig(slow, List.of("我想查一下账单", ""), Map.of())) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.play(Rig.utterance(1.0));
            await("the LLM request").atMost(WAIT).until(() -> rig.llm.requests() >= 1);
            int before = call.robotFrameCount();
            call.play(Rig.utterance(2.0));
            call.awaitCallerAudioSent(WAIT);
            long callerStopped = call.lastVoicedCallerFrameNanos();
            RobotFrame first = call.awaitRobotAudioAfter(before, WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());

            assertThat(first.arrivalNanos()).isGreaterThan(callerStopped);
            TurnRecord reply = answer(record);
            assertThat(reply.interrupted()).isFalse();
            assertThat(reply.text()).isEqualTo("好的，我来帮您查一下。");
        }
    }
}
