package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigLoader;
import io.callrobot.tts.cosyvoice.CosyVoiceTtsEngine;
import io.callrobot.tts.espeak.EspeakTtsEngine;
import io.callrobot.tts.http.HttpTtsEngine;
import io.callrobot.tts.nls.NlsTtsEngine;
import io.callrobot.tts.openai.OpenAiTtsEngine;
import java.util.List;

/**
 * The speech synthesis providers ({@code tts.provider}). A cache identity leaves out only what
 * cannot change the audio: time-outs, requests or processes run ahead, standby connections.
 * Endpoints stay in: another server or region may run another model or version.
 */
final class TtsProviders {

    private TtsProviders() {
    }

    static ProviderRegistry<TtsProvider> registry() {
        return new ProviderRegistry<>("tts.provider", config -> config.tts().provider(),
                new TtsProvider("espeak", Provider.Checks.none(),
                        (config, shared) -> new EspeakTtsEngine(config.tts().espeak()),
                        config -> CacheIdentity.of("tts.espeak", config.tts().espeak(), "maxConcurrent")),
                new TtsProvider("http", Provider.Checks.none(),
                        (config, shared) -> new HttpTtsEngine(config.tts().http(), shared.http()),
                        config -> CacheIdentity.of("tts.http", config.tts().http(), "maxInFlight", "timeout")),
                new TtsProvider("cosyvoice", TtsProviders::cosyVoiceKey,
                        (config, shared) -> shared.own(new CosyVoiceTtsEngine(config.tts().cosyvoice(), shared.http())),
                        config -> CacheIdentity.of("tts.cosyvoice", config.tts().cosyvoice(),
                                "standby", "standbyMaxIdle", "connectTimeout", "timeout")),
                new TtsProvider("openai", Provider.Checks.none(),
                        (config, shared) -> new OpenAiTtsEngine(config.tts().openai(), shared.http()),
                        config -> CacheIdentity.of("tts.openai", config.tts().openai(),
                                "maxInFlight", "warmUp", "connectTimeout", "readTimeout")),
                new TtsProvider("nls", NlsCredentials::problems,
                        (config, shared) -> shared.own(new NlsTtsEngine(shared.nls(), config.tts().nls())),
                        // the gateway and Appkey as well: which service and project speak
                        config -> CacheIdentity.of("tts.nls", config.tts().nls(), "standbyIdle")
                                + CacheIdentity.of("nls", config.nls(), "tokenUrl", "regionId", "connectTimeout")));
    }

    private static List<String> cosyVoiceKey(CallRobotConfig config) {
        String key = config.tts().cosyvoice().apiKey();
        if (key != null && !key.isBlank()) {
            return List.of();
        }
        return List.of("tts.cosyvoice.apiKey: required by tts.provider cosyvoice; set "
                + ConfigLoader.envName("tts.cosyvoice.apiKey"));
    }
}
