package io.callrobot.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigException;
import io.callrobot.config.ConfigLoader;
import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import io.callrobot.tts.cache.CachingTtsEngine;
import io.callrobot.tts.cache.PromptCacheConfig;
import io.callrobot.vad.Vad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistriesTest {

    private static final TtsRequest REQUEST = new TtsRequest("call-1", "zh-CN", null, null, 1.0);

    private final ProviderRegistries registries = ProviderRegistries.standard();
    private final ConfigLoader loader = new ConfigLoader(registries);
    /** What the providers built here handed over to be closed, closed after each test. */
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    /** Refuses every request, so that standby connections and warm-ups opened at construction stay local. */
    private final OkHttpClient offline = new OkHttpClient.Builder()
            .addInterceptor(chain -> {
                throw new IOException("no network in this test: " + chain.request().url());
            })
            .build();

    @AfterEach
    void closeOwned() throws Exception {
        while (!owned.isEmpty()) {
            owned.pop().close();
        }
        offline.dispatcher().executorService().shutdownNow();
    }

    private CallRobotConfig config(Map<String, String> env) {
        return loader.load(null, env);
    }

    private String identity(Map<String, String> env) {
        CallRobotConfig config = config(env);
        return registries.tts().selected(config).cacheIdentity(config);
    }

    @Test
    void anUnknownProviderIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> config(Map.of("CALLROBOT_TTS_PROVIDER", "polly")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tts.provider: 'polly' is not one of [espeak, http, cosyvoice, openai, nls]");
        assertThatThrownBy(() -> config(Map.of("CALLROBOT_ASR_PROVIDER", "whisper")))
                .hasMessageContaining("asr.provider: 'whisper' is not one of [none, funasr, nls, openai]");
        assertThatThrownBy(() -> config(Map.of("CALLROBOT_VAD_ENGINE", "webrtc")))
                .hasMessageContaining("vad.engine: 'webrtc' is not one of [energy, silero]");
        assertThatThrownBy(() -> registries.tts().get("polly"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[espeak, http, cosyvoice, openai, nls]");
    }

    @Test
    void aProviderSaysWhatItNeedsOnce() {
        assertThatThrownBy(() -> config(Map.of("CALLROBOT_TTS_PROVIDER", "cosyvoice")))
                .hasMessageContaining("tts.cosyvoice.apiKey: required by tts.provider cosyvoice");
        ConfigException both = (ConfigException) catchThrowable(
                () -> config(Map.of("CALLROBOT_TTS_PROVIDER", "nls", "CALLROBOT_ASR_PROVIDER", "nls")));
        assertThat(both.problems()).hasSize(1);
        assertThat(both.problems().get(0)).startsWith("nls.appKey / nls.token");
    }

    @Test
    void everyRegisteredProviderBuildsFromTheEmbeddedDefaults() throws Exception {
        // the defaults plus only the credentials the cloud providers cannot run without
        Map<String, String> credentials = Map.of("CALLROBOT_TTS_COSYVOICE_API_KEY", "test-key",
                "CALLROBOT_NLS_APP_KEY", "test-app", "CALLROBOT_NLS_TOKEN", "test-token");
        for (String name : registries.tts().names()) {
            CallRobotConfig config = config(plus(credentials, "CALLROBOT_TTS_PROVIDER", name));
            TtsProvider provider = registries.tts().selected(config);
            assertThat(provider.problems(config)).as(name).isEmpty();
            assertThat(provider.create(config, shared(config))).as(name).isInstanceOf(TtsEngine.class);
            assertThat(provider.cacheIdentity(config)).as(name).startsWith("tts." + name + "[");
        }
        for (String name : registries.asr().names()) {
            CallRobotConfig config = config(plus(credentials, "CALLROBOT_ASR_PROVIDER", name));
            assertThat(registries.asr().selected(config).problems(config)).as(name).isEmpty();
            Object engine = registries.asr().selected(config).create(config, shared(config));
            assertThat(engine == null).as(name + " builds no engine").isEqualTo(name.equals("none"));
        }
        for (String name : registries.vad().names()) {
            CallRobotConfig config = config(plus(credentials, "CALLROBOT_VAD_ENGINE", name));
            IntFunction<Vad> vads = registries.vad().selected(config).create(config, shared(config));
            assertThat(vads.apply(8000)).as(name).isNotNull();
            assertThat(vads.apply(16000)).as(name).isNotNull();
        }
    }

    private SharedResources shared(CallRobotConfig config) {
        return new SharedResources(offline, config.nls(), owned::push);
    }

    @Test
    void everySettingThatChangesTheAudioChangesTheIdentity() {
        String espeak = identity(Map.of());
        assertThat(identity(Map.of("CALLROBOT_TTS_ESPEAK_WORDS_PER_MINUTE", "150"))).isNotEqualTo(espeak);
        assertThat(identity(Map.of("CALLROBOT_TTS_ESPEAK_VOICE_ZH", "yue"))).isNotEqualTo(espeak);
        assertThat(identity(Map.of("CALLROBOT_TTS_ESPEAK_MAX_CONCURRENT", "4"))).isEqualTo(espeak);

        Map<String, String> http = Map.of("CALLROBOT_TTS_PROVIDER", "http");
        String httpIdentity = identity(http);
        assertThat(identity(plus(http, "CALLROBOT_TTS_HTTP_VOICE", "zhibei_emo"))).isNotEqualTo(httpIdentity);
        assertThat(identity(plus(http, "CALLROBOT_TTS_HTTP_SAMPLE_RATE", "8000"))).isNotEqualTo(httpIdentity);
        assertThat(identity(plus(http, "CALLROBOT_TTS_HTTP_TIMEOUT", "30s"))).isEqualTo(httpIdentity);
        assertThat(identity(plus(http, "CALLROBOT_TTS_HTTP_MAX_IN_FLIGHT", "5"))).isEqualTo(httpIdentity);
        assertThat(httpIdentity).isNotEqualTo(espeak);
    }

    @Test
    void secretsNeverGoIntoTheIdentity() {
        Map<String, String> openai = Map.of("CALLROBOT_TTS_PROVIDER", "openai");
        String keyed = identity(plus(openai, "CALLROBOT_TTS_OPENAI_API_KEY", "sk-secret-1"));
        assertThat(keyed).doesNotContain("sk-secret-1").isEqualTo(identity(openai));
        Map<String, String> nls = Map.of("CALLROBOT_TTS_PROVIDER", "nls", "CALLROBOT_NLS_APP_KEY", "app-1",
                "CALLROBOT_NLS_ACCESS_KEY_ID", "LTAI-id", "CALLROBOT_NLS_ACCESS_KEY_SECRET", "ak-secret");
        assertThat(identity(nls)).doesNotContain("LTAI-id").doesNotContain("ak-secret");
        assertThat(identity(plus(nls, "CALLROBOT_TTS_NLS_VOICE", "aixia"))).isNotEqualTo(identity(nls));
    }

    @Test
    void aWarmDiskCacheMissesOnceTheVoiceSettingsChange(@TempDir Path dir) throws Exception {
        PromptCacheConfig disk = new PromptCacheConfig(true, 1 << 20, dir.toString(), 1 << 20, false);
        speak(new CachingTtsEngine(new CountingEngine(), identity(Map.of()), disk));

        CountingEngine slower = new CountingEngine();
        speak(new CachingTtsEngine(slower, identity(Map.of("CALLROBOT_TTS_ESPEAK_WORDS_PER_MINUTE", "150")), disk));
        assertThat(slower.chunks).as("a new speaking rate is synthesised anew").hasValue(1);

        CountingEngine moreProcesses = new CountingEngine();
        speak(new CachingTtsEngine(moreProcesses, identity(Map.of("CALLROBOT_TTS_ESPEAK_MAX_CONCURRENT", "4")), disk));
        assertThat(moreProcesses.chunks).as("more processes at once sound the same").hasValue(0);
    }

    private static Map<String, String> plus(Map<String, String> env, String key, String value) {
        Map<String, String> all = new HashMap<>(env);
        all.put(key, value);
        return all;
    }

    private static void speak(TtsEngine engine) throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        stream.send(new TextChunk(0, "您好"));
        stream.finish();
        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.audio.get(0)).isNotEmpty();
    }

    /** Answers each chunk at once with a little audio, counting the chunks it was asked to synthesise. */
    private static final class CountingEngine implements TtsEngine {
        final AtomicInteger chunks = new AtomicInteger();

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            return new TtsStream() {
                @Override
                public void send(TextChunk chunk) {
                    chunks.incrementAndGet();
                    listener.onAudio(chunk, new short[] {1, 2, 3, 4}, 16_000);
                    listener.onChunkDone(chunk);
                }

                @Override
                public void finish() {
                    listener.onComplete();
                }

                @Override
                public void cancel() {
                }
            };
        }
    }
}
