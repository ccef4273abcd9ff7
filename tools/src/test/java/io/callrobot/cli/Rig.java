package io.callrobot.cli;

import io.callrobot.bench.FakeFunAsrServer;
import io.callrobot.bench.FakeLlmServer;
import io.callrobot.bench.FakeTtsServer;
import io.callrobot.bench.SpeechLikeSignal;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigLoader;
import io.callrobot.media.PcmAudio;
import io.callrobot.ops.CallRecord;
import io.callrobot.provider.ProviderRegistries;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.SimCallSpec;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A robot on loopback with protocol-faithful fakes of its providers (FunASR websocket, OpenAI SSE,
 * HTTP TTS) and a FreeSWITCH simulator to call it: everything a call touches, nothing stubbed.
 */
public final class Rig implements AutoCloseable {

    public final FakeLlmServer llm;
    public final FakeTtsServer tts;
    public final FakeFunAsrServer asr;
    public final RobotServer robot;
    public final FreeSwitchSimulator switchboard = new FreeSwitchSimulator();
    private final Map<String, CompletableFuture<CallRecord>> records = new ConcurrentHashMap<>();

    public Rig(FakeLlmServer.Settings llmSettings, FakeTtsServer.Settings ttsSettings,
            FakeFunAsrServer.Settings asrSettings, Map<String, String> overrides) throws Exception {
        llm = new FakeLlmServer(llmSettings).start();
        tts = new FakeTtsServer(ttsSettings).start();
        asr = new FakeFunAsrServer(asrSettings).start();
        int ports = 30000 + 2 * ThreadLocalRandom.current().nextInt(0, 14000);
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLROBOT_ESL_PORT", "0",
                "CALLROBOT_HTTP_PORT", "0",
                "CALLROBOT_MEDIA_PORT_MIN", Integer.toString(ports),
                "CALLROBOT_MEDIA_PORT_MAX", Integer.toString(ports + 199),
                "CALLROBOT_CALL_MAX_CALLS", "100",
                "CALLROBOT_CALL_LOG_PATH", "",
                "CALLROBOT_TTS_PROVIDER", "http",
                "CALLROBOT_TTS_HTTP_URL", tts.url(),
                "CALLROBOT_ASR_PROVIDER", "funasr",
                "CALLROBOT_ASR_FUNASR_URL", asr.url()));
        env.put("CALLROBOT_LLM_BASE_URL", llm.url());
        // a database of the robot's own, gone when it closes
        env.put("CALLROBOT_STORE_URL", "jdbc:h2:mem:rig-" + UUID.randomUUID());
        // no switch's event socket to originate through unless a test brings one
        env.put("CALLROBOT_DIALER_ENABLED", "false");
        env.putAll(overrides);
        try {
            CallRobotConfig config = new ConfigLoader(ProviderRegistries.standard()).load(null, env);
            robot = new RobotServer(config, r -> records.computeIfAbsent(r.uuid(), k -> new CompletableFuture<>()).complete(r),
                    env);
        } catch (Exception | Error e) { // the robot refused to start: the fakes must not outlive the test
            switchboard.close();
            asr.close();
            tts.close();
            llm.close();
            throw e;
        }
    }

    public static Rig standard() throws Exception {
        return new Rig(FakeLlmServer.Settings.defaults(), FakeTtsServer.Settings.defaults(),
                FakeFunAsrServer.Settings.defaults(), Map.of());
    }

    public SimulatedCall call(String flow, Map<String, String> variables) throws Exception {
        SimCallSpec spec = SimCallSpec.outbound("127.0.0.1", robot.eslPort(), "13800138000")
                .withVariable("robot_flow", flow);
        for (Map.Entry<String, String> v : variables.entrySet()) {
            spec = spec.withVariable(v.getKey(), v.getValue());
        }
        return switchboard.place(spec);
    }

    /** The call log record of a call, once it has ended. */
    public CallRecord record(String uuid) throws Exception {
        return records.computeIfAbsent(uuid, k -> new CompletableFuture<>()).get(20, TimeUnit.SECONDS);
    }

    /** Whether this robot has logged the record of the call with this uuid. */
    public boolean recorded(String uuid) {
        CompletableFuture<CallRecord> record = records.get(uuid);
        return record != null && record.isDone();
    }

    /**
     * Pins the energy VAD: for tests whose caller plays {@link #utterance}, a tone the energy VAD
     * hears as speech but Silero (the default) rightly does not take for a voice throughout.
     */
    public static final Map<String, String> ENERGY_VAD = Map.of("CALLROBOT_VAD_ENGINE", "energy");

    /**
     * Voice-like test audio at 8 kHz: loud enough for the energy VAD (use with {@link #ENERGY_VAD});
     * the fake recogniser's transcript is scripted.
     */
    public static PcmAudio utterance(double seconds) {
        return new PcmAudio(8000, SpeechLikeSignal.render(seconds, 8000));
    }

    /** Walks the payment reminder by keypad: 1 = it is me, 1 = I pay today; returns the hangup cause. */
    public static String confirmAndPromiseByKeypad(SimulatedCall call, Duration wait, Duration quiet) throws Exception {
        call.awaitFirstRobotAudio(wait);
        call.awaitRobotSilence(quiet, wait);
        call.pressDtmf('1');
        call.awaitRobotAudioAfter(call.robotFrameCount(), wait);
        call.awaitRobotSilence(quiet, wait);
        call.pressDtmf('1');
        return call.awaitHangup(wait);
    }

    @Override
    public void close() {
        switchboard.close();
        robot.close();
        asr.close();
        tts.close();
        llm.close();
    }
}
