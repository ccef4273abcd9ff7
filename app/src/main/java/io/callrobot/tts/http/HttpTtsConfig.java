package io.callrobot.tts.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a self-hosted TTS server answering {@code POST {text, voice, emotion, speed}} with
 * audio (e.g. a Sambert-HiFiGAN service behind {@code POST /tts}).
 *
 * @param url         the synthesis endpoint
 * @param voice       voice used when the request names none; null leaves it to the server
 * @param sampleRate  rate of raw PCM answers that do not state one ({@code audio/pcm},
 *                    {@code application/octet-stream})
 * @param maxInFlight chunks requested ahead per reply while earlier ones are delivered
 * @param timeout     connect, write and read time-out (longest wait for the next bytes)
 */
public record HttpTtsConfig(String url, String voice, int sampleRate, int maxInFlight, Duration timeout) {

    public HttpTtsConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (sampleRate <= 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("need sampleRate > 0 and maxInFlight >= 1: " + sampleRate + ", " + maxInFlight);
        }
    }

    /** A local server at {@code http://127.0.0.1:8000/tts}, voice {@code zhitian_emo}, 16 kHz, 2 ahead, 10 s. */
    public static HttpTtsConfig defaults() {
        return new HttpTtsConfig("http://127.0.0.1:8000/tts", "zhitian_emo", 16000, 2, Duration.ofSeconds(10));
    }
}
