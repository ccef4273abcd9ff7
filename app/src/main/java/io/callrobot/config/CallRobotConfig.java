package io.callrobot.config;

import io.callrobot.esl.EslConfig;
import io.callrobot.llm.LlmConfig;
import io.callrobot.media.MediaConfig;
import io.callrobot.nls.NlsConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The whole configuration; see {@code callrobot.example.yaml} for every key with its meaning. */
public record CallRobotConfig(EslConfig esl, HttpConfig http, CallConfig call, MediaConfig media,
        DialogConfig dialog, LlmConfig llm, TtsConfig tts, AsrConfig asr, VadSettings vad, CallLogConfig callLog,
        NlsConfig nls) {

    private static final Set<String> TTS_PROVIDERS = Set.of("espeak", "http", "cosyvoice", "openai", "nls");
    private static final Set<String> ASR_PROVIDERS = Set.of("none", "funasr", "nls", "openai");
    private static final Set<String> VAD_ENGINES = Set.of("energy", "silero");

    /** The embedded defaults: everything on loopback, espeak-ng speaking, keypad input. */
    public static CallRobotConfig defaults() {
        return new CallRobotConfig(EslConfig.defaults(), HttpConfig.defaults(), CallConfig.defaults(),
                MediaConfig.defaults(), DialogConfig.defaults(), LlmConfig.defaults(), TtsConfig.defaults(),
                AsrConfig.defaults(), VadSettings.defaults(), CallLogConfig.defaults(),
                NlsConfig.defaults());
    }

    /** Cross-field checks the records cannot make alone; each problem names its key. */
    List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (!TTS_PROVIDERS.contains(tts.provider())) {
            problems.add("tts.provider: '" + tts.provider() + "' is not one of " + TTS_PROVIDERS);
        }
        String cosyKey = tts.cosyvoice().apiKey();
        if ("cosyvoice".equals(tts.provider()) && (cosyKey == null || cosyKey.isBlank())) {
            problems.add("tts.cosyvoice.apiKey: required by tts.provider cosyvoice; set "
                    + ConfigLoader.envName("tts.cosyvoice.apiKey"));
        }
        if (!ASR_PROVIDERS.contains(asr.provider())) {
            problems.add("asr.provider: '" + asr.provider() + "' is not one of " + ASR_PROVIDERS);
        }
        if (("nls".equals(tts.provider()) || "nls".equals(asr.provider())) && !nls.hasCredentials()) {
            problems.add("nls.appKey / nls.token: the nls provider needs the project Appkey and either a token ("
                    + ConfigLoader.envName("nls.token") + ") or an AccessKey to mint tokens ("
                    + ConfigLoader.envName("nls.accessKeyId") + " and " + ConfigLoader.envName("nls.accessKeySecret") + ")");
        }
        if (!VAD_ENGINES.contains(vad.engine())) {
            problems.add("vad.engine: '" + vad.engine() + "' is not one of " + VAD_ENGINES);
        }
        if (http.port() < 0 || http.port() > 65535) {
            problems.add("http.port: " + http.port() + " is not a TCP port");
        }
        if (esl.port() != 0 && esl.port() == http.port() && esl.host().equals(http.host())) {
            problems.add("http.port: " + http.port() + " is also esl.port");
        }
        if (call.maxCalls() < 1) {
            problems.add("call.maxCalls: must be at least 1");
        }
        int pairs = (media.portMax() - media.portMin() + 1) / 2;
        if (pairs < call.maxCalls()) {
            problems.add("media.portMin/portMax: " + pairs + " port pairs cannot carry call.maxCalls="
                    + call.maxCalls() + " calls");
        }
        if (call.turnEnd() == null) {
            problems.add("call.turnEnd: must be one of " + Arrays.stream(CallConfig.TurnEnd.values())
                    .map(CallConfig.TurnEnd::id).toList());
        }
        if (call.bargeIn().minSpeechMillis() < 0) {
            problems.add("call.bargeIn.minSpeechMillis: must not be negative");
        }
        if (call.lingerSeconds() < 1) {
            problems.add("call.lingerSeconds: must be at least 1 (a bare linger keeps channels alive forever)");
        }
        return problems;
    }
}
