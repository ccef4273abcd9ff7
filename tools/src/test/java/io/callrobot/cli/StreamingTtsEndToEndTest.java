package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A TTS server streaming its WAV in real time: the caller hears the robot before the answer is complete. */
class StreamingTtsEndToEndTest {

    @Test
    void firstRobotFrameArrivesBeforeTheTtsAnswerIsComplete() throws Exception {
        FakeTtsServer.Settings tts = FakeTtsServer.Settings.defaults().withLatency(Duration.ofMillis(120)).streamed(1.0);
        // no prompt cache: every chunk the caller hears is streamed by the fake during the call
        Map<String, String> env = Map.of("CALLROBOT_VAD_ENGINE", "energy", "CALLROBOT_TTS_CACHE_ENABLED", "false");
        try (Rig rig = new Rig(FakeLlmServer.Settings.defaults(), tts, FakeFunAsrServer.Settings.defaults(), env)) {
            SimulatedCall call = rig.call("payment-reminder-zh", CallEndToEndTest.CUSTOMER);
            RobotFrame first = call.awaitFirstRobotAudio(CallEndToEndTest.WAIT);
            call.awaitRobotSilence(CallEndToEndTest.QUIET, CallEndToEndTest.WAIT);
            call.hangup("NORMAL_CLEARING");

            Map<String, Long> sent = rig.tts.lastBytesSent();
            assertThat(sent).as("answers streamed by the fake").isNotEmpty();
            // at 1x pace a chunk of more than a second of audio takes more than a second to send
            assertThat(sent.values()).allSatisfy(lastByte -> assertThat(lastByte).isGreaterThan(first.arrivalNanos()));
            assertThat(call.robotAudio().seconds()).isGreaterThan(2.0);
        }
    }
}
