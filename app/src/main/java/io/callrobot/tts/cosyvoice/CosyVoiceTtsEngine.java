package io.callrobot.tts.cosyvoice;

import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks through Alibaba Cloud DashScope CosyVoice over its duplex websocket: one task per reply,
 * text streamed in as the chunker produces it, PCM streamed back as it is synthesised. Standby
 * websockets are kept open and authenticated so that a reply starts with {@code run-task}, not with
 * a TLS and websocket handshake. Close the engine to close them.
 *
 * <p>Emotions: CosyVoice accepts a style {@code instruction} only on some models and voices, so a
 * request's emotion is sent only when {@link CosyVoiceConfig#instruction()} is configured, and
 * ignored otherwise.
 */
public final class CosyVoiceTtsEngine implements TtsEngine, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceTtsEngine.class);

    private final CosyVoiceConfig config;
    private final CosyVoiceMessages messages = new CosyVoiceMessages();
    private final CosyVoiceConnectionPool pool;
    private final ScheduledExecutorService maintenance;
    private final Set<CosyVoiceStream> active = ConcurrentHashMap.newKeySet();

    /** An engine sharing {@code client}'s threads; opens the standby websockets at once. */
    public CosyVoiceTtsEngine(CosyVoiceConfig config, OkHttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        if (!config.hasApiKey()) {
            throw new IllegalArgumentException("CosyVoice needs an API key: set CALLROBOT_TTS_COSYVOICE_API_KEY");
        }
        Request handshake;
        try {
            // Authorization: bearer API key in the handshake (DashScope "CosyVoice WebSocket API", request headers)
            handshake = new Request.Builder().url(config.url()).header("Authorization", "bearer " + config.apiKey()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CosyVoice url is not a ws(s) URL: " + config.url(), e);
        }
        OkHttpClient websockets = client.newBuilder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(Duration.ZERO)
                .build();
        this.pool = new CosyVoiceConnectionPool(websockets, handshake, config.standby(),
                config.standbyMaxIdle().toNanos(), System::nanoTime);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("cosyvoice-maintenance").daemon().factory());
        long shortest = Math.min(config.standbyMaxIdle().toMillis(),
                Math.min(config.textIdleLimit().toMillis(), config.timeout().toMillis()));
        long period = Math.max(10, Math.min(1000, shortest / 2));
        maintenance.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.MILLISECONDS);
        pool.start();
    }

    /** Sentences are the provider's own: audio is attributed to chunks by matching their text. */
    @Override
    public boolean exactChunks() {
        return false;
    }

    /** Text goes to the open task as it comes; the provider makes its own sentences. */
    @Override
    public boolean streamsText() {
        return true;
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        CosyVoiceStream stream = new CosyVoiceStream(messages, pool.take(), pool, listener, config, request.callId(),
                active::remove);
        active.add(stream);
        stream.begin(request);
        return stream;
    }

    private void maintain() {
        try {
            long now = System.nanoTime();
            active.forEach(stream -> stream.checkTimeout(now));
            pool.maintain();
        } catch (RuntimeException e) {
            log.error("CosyVoice maintenance failed", e);
        }
    }

    /** Closes the standby websockets and cancels replies still running. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        active.forEach(CosyVoiceStream::cancel);
        pool.close();
    }
}
