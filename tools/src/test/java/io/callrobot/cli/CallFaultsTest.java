package io.callrobot.cli;

import static io.callrobot.cli.CallEndToEndTest.CUSTOMER;
import static io.callrobot.cli.CallEndToEndTest.QUIET;
import static io.callrobot.cli.CallEndToEndTest.WAIT;
import static io.callrobot.cli.CallEndToEndTest.robotText;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import io.callrobot.sim.SimCallSpec;
import io.callrobot.sim.SimCommand;
import io.callrobot.sim.SimulatedCall;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole calls with one fault each, injected at a provider fake or at the simulated FreeSWITCH:
 * every fault leaves a clear trace in the call record, the call either goes on (spoken fallback,
 * keypad) or ends cleanly with a result tag, other calls are untouched and nothing leaks.
 */
class CallFaultsTest {

    static final String FALLBACK = "抱歉，这个问题我暂时没能查到";
    static final String TRANSFER_SAY = "正在为您转接人工客服";

    static Rig rig(FakeLlmServer.Settings llm, FakeTtsServer.Settings tts, FakeFunAsrServer.Settings asr,
            Map<String, String> overrides) throws Exception {
        return new Rig(llm, tts, asr, overrides);
    }

    static Rig llmRig(FakeLlmServer.Settings llm) throws Exception {
        // these callers speak Rig.utterance, a tone only the energy VAD takes for speech
        return rig(llm, FakeTtsServer.Settings.defaults(), FakeFunAsrServer.Settings.defaults(), Rig.ENERGY_VAD);
    }

    /** The record is written as the last step of ending a call: after it, nothing may be held. */
    static void assertReleased(Rig rig) {
        assertThat(rig.robot.calls().activeCalls()).isZero();
        assertThat(rig.robot.media().portsInUse()).isZero();
    }

    /** Waits for the greeting to finish, speaks, and waits for the robot's answer to finish. */
    static void askAfterGreeting(SimulatedCall call) throws Exception {
        call.awaitFirstRobotAudio(WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        int greeting = call.robotFrameCount();
        call.play(Rig.utterance(1.2));
        call.awaitRobotAudioAfter(greeting, WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
    }

    /** Keypad 0 in assistant-zh: the transfer must still work after the fault, its announcement heard. */
    static CallRecord transferWithZero(Rig rig, SimulatedCall call) throws Exception {
        return transferWithZero(rig, call, TRANSFER_SAY);
    }

    /** As above; {@code heard} is the part of the announcement the caller must have heard. */
    static CallRecord transferWithZero(Rig rig, SimulatedCall call, String heard) throws Exception {
        call.pressDtmf('0');
        CallRecord record = rig.record(call.uuid());
        assertThat(record.result()).isEqualTo("transfer_agent");
        assertThat(record.transferredTo()).isEqualTo("8001");
        // the robot's part ends at the +OK, which may come before the simulator has run the app: read the command
        assertThat(call.commands()).anyMatch(c -> "transfer".equals(c.header("execute-app-name"))
                && "8001".equals(c.header("execute-app-arg")));
        assertThat(robotText(record)).contains(heard);
        return record;
    }

    static boolean hungUpBy(SimulatedCall call, String cause) {
        return call.commands().stream().anyMatch(c -> "hangup".equals(c.header("call-command"))
                && cause.equals(c.header("hangup-cause")));
    }

    static boolean unicastSent(SimulatedCall call) {
        return call.commands().stream().anyMatch(c -> "unicast".equals(c.header("call-command")));
    }

    @Test
    void llmHttp500SpeaksTheFallbackAndTheCallGoesOn() throws Exception {
        try (Rig rig = llmRig(FakeLlmServer.Settings.defaults().withFault(FakeLlmServer.Fault.STATUS_500))) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            askAfterGreeting(call);
            CallRecord record = transferWithZero(rig, call);
            assertThat(rig.llm.requests()).isPositive();
            assertThat(robotText(record)).contains(FALLBACK);
            assertThat(record.errors()).anyMatch(e -> e.startsWith("llm:") && e.contains("500"));
            assertThat(rig.robot.metrics().scrape()).contains("stage=\"llm\"");
            assertReleased(rig);
        }
    }

    @Test
    void llmWithoutAFirstTokenInTimeSpeaksTheFallback() throws Exception {
        // assistant-zh waits 3000 ms for the first token; this LLM would take a minute
        FakeLlmServer.Settings mute = FakeLlmServer.Settings.defaults()
                .withDelays(Duration.ofSeconds(60), Duration.ofMillis(30));
        try (Rig rig = llmRig(mute)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            askAfterGreeting(call);
            CallRecord record = transferWithZero(rig, call);
            assertThat(rig.llm.requests()).isPositive();
            assertThat(robotText(record)).contains(FALLBACK).doesNotContain("银行客服");
            assertThat(record.errors()).contains("llm: no LLM token within the node's firstTokenTimeoutMillis");
            assertReleased(rig);
        }
    }

    @Test
    void llmStreamClosedHalfWaySpeaksWhatArrivedAndTheCallGoesOn() throws Exception {
        String answer = "您本期账单应还一千二百八十元五角，最后还款日是十二月五日，您可以通过手机银行还款，也可以去柜台办理。";
        FakeLlmServer.Settings halfWay = FakeLlmServer.Settings.defaults().withAnswer(answer)
                .withFault(FakeLlmServer.Fault.CLOSE_HALF_WAY);
        try (Rig rig = llmRig(halfWay)) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            askAfterGreeting(call);
            CallRecord record = transferWithZero(rig, call);
            TurnRecord partial = record.turns().stream()
                    .filter(t -> t.speaker().equals("robot") && t.latency().containsKey("llm_first_token"))
                    .findFirst().orElseThrow();
            assertThat(partial.text()).isNotEmpty().isNotEqualTo(answer).doesNotContain(FALLBACK);
            assertThat(answer).startsWith(partial.text());
            assertThat(record.errors()).anyMatch(e -> e.startsWith("llm:"));
            assertReleased(rig);
        }
    }

    @Test
    void ttsHttp500OnTheGreetingEndsTheCallWithErrorTts() throws Exception {
        try (Rig rig = rig(FakeLlmServer.Settings.defaults(),
                FakeTtsServer.Settings.defaults().withFault(FakeTtsServer.Fault.STATUS_500),
                FakeFunAsrServer.Settings.defaults(), Map.of())) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_TEMPORARY_FAILURE");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("error_tts");
            assertThat(record.errors()).anyMatch(e -> e.startsWith("tts:") && e.contains("500"));
            assertThat(hungUpBy(call, "NORMAL_TEMPORARY_FAILURE")).isTrue();
            assertThat(call.robotFrames()).isEmpty();
            assertReleased(rig);
        }
    }

    @Test
    void ttsBodyTruncatedMidReplyPlaysWhatArrivedAndTheCallGoesOn() throws Exception {
        // raw PCM is played as it arrives, so half of each reply is heard before the body breaks off
        FakeTtsServer.Settings truncated = FakeTtsServer.Settings.defaults()
                .withFormat(FakeTtsServer.Format.PCM).withFault(FakeTtsServer.Fault.TRUNCATED_BODY);
        try (Rig rig = rig(FakeLlmServer.Settings.defaults(), truncated, FakeFunAsrServer.Settings.defaults(),
                Map.of())) {
            SimulatedCall call = rig.call("assistant-zh", Map.of());
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            // the announcement's first clause is its own chunk: what arrived of it is heard, then the stream fails
            CallRecord record = transferWithZero(rig, call, "好的");
            assertThat(record.errors()).anyMatch(e -> e.startsWith("tts:"));
            assertThat(call.robotAudio().seconds()).isPositive();
            assertReleased(rig);
        }
    }

    @Test
    void asrDroppedMidCallIsRecordedAndTheKeypadStillDrivesTheFlow() throws Exception {
        try (Rig rig = rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults().withDropAfter(Duration.ofMillis(500)), Map.of())) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            assertThat(Rig.confirmAndPromiseByKeypad(call, WAIT, QUIET)).isEqualTo("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("promise_to_pay");
            assertThat(record.errors()).anyMatch(e -> e.startsWith("asr:"));
            assertThat(rig.asr.connections()).isEqualTo(1);
            assertReleased(rig);
        }
    }

    @Test
    void freeswitchVanishingMidCallEndsItAsDisconnected() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitRobotAudioAfter(10, WAIT);
            call.close();                              // socket gone, no hangup events
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("disconnected");
            assertThat(record.errors()).anyMatch(e -> e.startsWith("esl:"));
            assertReleased(rig);
        }
    }

    @Test
    void garbageDatagramsOnTheMediaPortAreCountedAndIgnored() throws Exception {
        try (Rig rig = Rig.standard(); DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SimulatedCall call = rig.call("payment-reminder-zh", CUSTOMER);
            call.awaitFirstRobotAudio(WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            SimCommand unicast = call.commands().stream()
                    .filter(c -> "unicast".equals(c.header("call-command"))).findFirst().orElseThrow();
            int robotPort = Integer.parseInt(unicast.header("remote-port"));
            byte[] junk = "not audio at all".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                stranger.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), robotPort));
            }
            call.sendRawMedia(new byte[321]);          // odd length: half a sample too many
            call.sendRawMedia(new byte[0]);
            call.sendRawMedia(new byte[7]);
            int before = call.robotFrameCount();
            call.pressDtmf('1');                       // 是本人: the flow still answers
            call.awaitRobotAudioAfter(before, WAIT);
            call.awaitRobotSilence(QUIET, WAIT);
            call.hangup("NORMAL_CLEARING");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("caller_hangup");
            assertThat(robotText(record)).contains("本期应还金额1280.50元");
            assertThat(record.media().foreignIn()).isEqualTo(5);
            assertThat(record.media().malformedIn()).isEqualTo(3);
            assertReleased(rig);
        }
    }

    @Test
    void unknownFlowEndsTheCallWithErrorSetup() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall call = rig.call("nope", Map.of());
            assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_TEMPORARY_FAILURE");
            CallRecord record = rig.record(call.uuid());
            assertThat(record.result()).isEqualTo("error_setup");
            assertThat(record.errors()).anyMatch(e -> e.contains("nope"));
            assertThat(unicastSent(call)).isFalse();
            assertReleased(rig);
        }
    }

    @Test
    void callBeyondCapacityIsRefusedAndTheFirstCallIsUnaffected() throws Exception {
        try (Rig rig = rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), Map.of("CALLROBOT_CALL_MAX_CALLS", "1"))) {
            SimulatedCall first = rig.call("assistant-zh", Map.of());
            first.awaitFirstRobotAudio(WAIT);
            SimulatedCall second = rig.call("assistant-zh", Map.of());
            assertThat(second.awaitHangup(WAIT)).isEqualTo("NORMAL_TEMPORARY_FAILURE");
            CallRecord refused = rig.record(second.uuid());
            assertThat(refused.result()).isEqualTo("rejected_busy");
            assertThat(refused.errors()).isNotEmpty();
            assertThat(unicastSent(second)).isFalse();

            first.awaitRobotSilence(QUIET, WAIT);
            transferWithZero(rig, first);
            assertReleased(rig);
        }
    }

    @Test
    void malformedEslFrameEndsOnlyThatCall() throws Exception {
        try (Rig rig = Rig.standard()) {
            SimulatedCall broken = rig.call("assistant-zh", Map.of());
            SimulatedCall healthy = rig.call("assistant-zh", Map.of());
            broken.awaitFirstRobotAudio(WAIT);
            healthy.awaitFirstRobotAudio(WAIT);
            broken.sendRaw("Content-Type: text/event-plain\nContent-Length: lots\n\n"
                    .getBytes(StandardCharsets.US_ASCII));
            CallRecord record = rig.record(broken.uuid());
            assertThat(record.result()).isEqualTo("disconnected");
            assertThat(record.errors()).anyMatch(e -> e.startsWith("esl:") && e.contains("Content-Length"));
            broken.awaitDisconnected(WAIT);

            healthy.awaitRobotSilence(QUIET, WAIT);
            transferWithZero(rig, healthy);
            assertReleased(rig);
        }
    }

    @Test
    void unsupportedReadRateIsRefusedWithErrorMedia() throws Exception {
        try (Rig rig = Rig.standard()) {
            // 11025 Hz makes 220.5 samples per 20 ms frame: the robot cannot frame it, so it must refuse
            assertReadRateRefused(rig, "11025");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-8000", "abc"})
    void meaninglessReadRateIsRefusedWithErrorMediaInsteadOfTakenFor8kHz(String rate) throws Exception {
        try (Rig rig = Rig.standard()) {
            assertReadRateRefused(rig, rate);
        }
    }

    /** The call is hung up before any media is set up, its record naming the rate as FreeSWITCH sent it. */
    private static void assertReadRateRefused(Rig rig, String rate) throws Exception {
        SimulatedCall call = rig.switchboard.place(SimCallSpec.outbound("127.0.0.1", rig.robot.eslPort(),
                "13800138000").withVariable("robot_flow", "assistant-zh").withVariable("read_rate", rate));
        assertThat(call.awaitHangup(WAIT)).isEqualTo("NORMAL_TEMPORARY_FAILURE");
        CallRecord record = rig.record(call.uuid());
        assertThat(record.result()).isEqualTo("error_media");
        assertThat(record.errors()).anyMatch(e -> e.startsWith("media:") && e.contains("'" + rate + "'"));
        assertThat(unicastSent(call)).isFalse();
        assertThat(call.robotFrames()).isEmpty();
        assertReleased(rig);
    }
}
