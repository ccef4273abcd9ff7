package io.callrobot.tts.nls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.nls.NlsGateway;
import io.callrobot.nls.NlsProtocol;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Speaks through Alibaba Cloud NLS streaming text-to-speech ({@code FlowingSpeechSynthesizer},
 * help.aliyun.com isi streaming-text-tts-wss; client reference alibabacloud-nls-python-sdk
 * nls/stream_input_tts.py): one task per reply, text streamed in chunk by chunk, PCM streamed back.
 *
 * <p>To spare the first audio of a reply the TLS and websocket handshake, the engine keeps one
 * connection open ahead of need: opened when the engine is created and again each time a reply
 * takes it, closed after {@link NlsTtsConfig#standbyIdle()} unused. One the server closes is not
 * replaced until the next reply, so an idle server holds no connection.
 *
 * <p>{@link TtsRequest#voice()} overrides the configured voice; {@link TtsRequest#speed()} maps to
 * {@code speech_rate} (see {@link #speechRate}); {@link TtsRequest#emotion()} is not sent, the
 * protocol has no such field (emotion comes with the choice of voice).
 */
public final class NlsTtsEngine implements TtsEngine, AutoCloseable {

    private final NlsTtsConfig config;
    private final NlsGateway gateway;
    private final NlsProtocol protocol;
    private final Object lock = new Object();
    private NlsConnection standby;
    private boolean closed;

    /**
     * Opens its websockets through {@code gateway} (which may be shared with NLS recognition), at
     * {@link NlsTtsConfig#url()} if that is set; the standby one at once.
     *
     * @throws IllegalArgumentException if that url is not a ws:// or wss:// URL
     */
    public NlsTtsEngine(NlsGateway gateway, NlsTtsConfig config) {
        this.config = config;
        this.gateway = gateway.at(config.url());
        this.protocol = new NlsProtocol(gateway.config().appKey());
        refill();
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
        NlsTtsStream stream = new NlsTtsStream(request.callId(), listener, protocol, startPayload(request),
                config.sampleRate(), gateway.config().url());
        NlsConnection connection = takeStandby(stream);
        if (connection == null) {
            connection = new NlsConnection(stream, ignored -> { });
            connection.socket(gateway.connect(connection));
        }
        stream.start(connection.socket());
        refill();
        return stream;
    }

    /** help.aliyun.com isi streaming-text-tts-wss, StartSynthesis payload. */
    private ObjectNode startPayload(TtsRequest request) {
        ObjectNode payload = protocol.payload();
        payload.put("voice", request.voice() != null && !request.voice().isBlank() ? request.voice() : config.voice());
        payload.put("format", "pcm");
        payload.put("sample_rate", config.sampleRate());
        payload.put("volume", config.volume());
        payload.put("speech_rate", speechRate(request.speed()));
        payload.put("pitch_rate", config.pitchRate());
        return payload;
    }

    /**
     * {@code speech_rate} for a speed factor: help.aliyun.com isi streaming-text-tts-wss maps
     * speech_rate -500, 0, 500 to 0.5x, 1.0x, 2.0x; between those points linearly, clamped to
     * the range; a speed of zero or less means 1.0.
     */
    static int speechRate(double speed) {
        double factor = speed > 0 ? speed : 1.0;
        double rate = factor >= 1.0 ? (factor - 1.0) * 500 : (factor - 1.0) * 1000;
        return (int) Math.round(Math.max(-500, Math.min(500, rate)));
    }

    private NlsConnection takeStandby(NlsTtsStream stream) {
        synchronized (lock) {
            NlsConnection ready = standby;
            standby = null;
            return ready != null && ready.attach(stream) ? ready : null;
        }
    }

    /** Opens a standby connection if none is waiting; it closes itself after standbyIdle unused. */
    private void refill() {
        if (config.standbyIdle().isZero()) {
            return;
        }
        NlsConnection fresh;
        synchronized (lock) {
            if (closed || standby != null) {
                return;
            }
            fresh = new NlsConnection(null, this::idleEnded);
            standby = fresh;
        }
        fresh.socket(gateway.connect(fresh));
        CompletableFuture.delayedExecutor(config.standbyIdle().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> expire(fresh));
    }

    private void expire(NlsConnection connection) {
        synchronized (lock) {
            if (standby == connection) {
                standby = null;
            }
        }
        connection.closeIdle("idle");
    }

    /** The server closed a standby connection, or it failed: forget it; the next reply opens anew. */
    private void idleEnded(NlsConnection connection) {
        synchronized (lock) {
            if (standby == connection) {
                standby = null;
            }
        }
    }

    /** Closes the standby connection; streams already open run on. */
    @Override
    public void close() {
        NlsConnection waiting;
        synchronized (lock) {
            closed = true;
            waiting = standby;
            standby = null;
        }
        if (waiting != null) {
            waiting.closeIdle("shutdown");
        }
    }
}
