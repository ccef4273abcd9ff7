package io.callrobot.tts.cosyvoice;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of Alibaba Cloud DashScope CosyVoice speech synthesis over its duplex websocket.
 *
 * @param url            the websocket endpoint
 * @param apiKey         DashScope API key sent as {@code Authorization: bearer KEY}; from the environment
 *                       only ({@code CALLROBOT_TTS_COSYVOICE_API_KEY}), never from a file
 * @param model          model sent as {@code payload.model}
 * @param voice          voice used when the request names none
 * @param sampleRate     PCM rate asked for ({@code sample_rate}: 8000, 16000, 22050, 24000, 44100 or 48000)
 * @param volume         {@code volume}, 0..100
 * @param pitch          {@code pitch}, 0.5..2
 * @param instruction    instruction sent when a request names an emotion, {@code {emotion}} replaced by it;
 *                       empty ignores emotions (only some models and voices accept instructions)
 * @param standby        authenticated idle websockets kept open so that a reply never waits for a handshake
 * @param standbyMaxIdle an idle standby websocket older than this is closed and replaced, never used; below
 *                       {@link #SERVER_IDLE_LIMIT}
 * @param textIdleLimit  a reply's task that has had no text for this long is finished, and later text goes to a
 *                       new task, before the service times it out; below {@link #SERVER_IDLE_LIMIT}
 * @param connectTimeout TCP/TLS and websocket handshake time-out
 * @param timeout        longest wait for the server's answer to run-task or finish-task
 */
public record CosyVoiceConfig(String url, String apiKey, String model, String voice, int sampleRate, int volume,
                              double pitch, String instruction, int standby, Duration standbyMaxIdle,
                              Duration textIdleLimit, Duration connectTimeout, Duration timeout) {

    /**
     * The service ends a task whose continue-task messages are more than this far apart (DashScope
     * "CosyVoice client events", continue-task: "the send interval must not exceed 23 seconds"); a standby
     * websocket is held to the same limit, the only inactivity limit the service documents.
     */
    public static final Duration SERVER_IDLE_LIMIT = Duration.ofSeconds(23);

    public CosyVoiceConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(standbyMaxIdle, "standbyMaxIdle");
        Objects.requireNonNull(textIdleLimit, "textIdleLimit");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        // sample_rate, volume and pitch ranges: DashScope "CosyVoice client events", run-task parameters
        if (sampleRate != 8000 && sampleRate != 16000 && sampleRate != 22050 && sampleRate != 24000
                && sampleRate != 44100 && sampleRate != 48000) {
            throw new IllegalArgumentException("sampleRate is not one CosyVoice offers: " + sampleRate);
        }
        if (volume < 0 || volume > 100 || pitch < 0.5 || pitch > 2.0) {
            throw new IllegalArgumentException("need volume 0..100 and pitch 0.5..2: " + volume + ", " + pitch);
        }
        if (standby < 0 || standbyMaxIdle.isNegative() || standbyMaxIdle.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need standby >= 0 and positive standbyMaxIdle and timeout");
        }
        if (standbyMaxIdle.compareTo(SERVER_IDLE_LIMIT) >= 0 || !textIdleLimit.isPositive()
                || textIdleLimit.compareTo(SERVER_IDLE_LIMIT) >= 0) {
            throw new IllegalArgumentException("CosyVoice standbyMaxIdle and textIdleLimit must be positive and below "
                    + SERVER_IDLE_LIMIT.toSeconds() + " s, the service's idle limit: " + standbyMaxIdle + ", "
                    + textIdleLimit);
        }
    }

    /**
     * DashScope Beijing, {@code cosyvoice-v2} voice {@code longxiaochun_v2} at 16 kHz, one standby websocket
     * replaced after 20 s idle, a new task after 20 s without text.
     */
    public static CosyVoiceConfig defaults() {
        return new CosyVoiceConfig("wss://dashscope.aliyuncs.com/api-ws/v1/inference/", null, "cosyvoice-v2",
                "longxiaochun_v2", 16000, 50, 1.0, "", 1, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "CosyVoiceConfig[url=" + url + ", apiKey=" + (hasApiKey() ? "***" : "none") + ", model=" + model
                + ", voice=" + voice + ", sampleRate=" + sampleRate + ", volume=" + volume + ", pitch=" + pitch
                + ", instruction=" + instruction + ", standby=" + standby + ", standbyMaxIdle=" + standbyMaxIdle + ", textIdleLimit=" + textIdleLimit
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + "]";
    }
}
