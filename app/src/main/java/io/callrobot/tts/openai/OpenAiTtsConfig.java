package io.callrobot.tts.openai;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an OpenAI-compatible {@code POST /audio/speech} endpoint answering raw PCM.
 *
 * @param baseUrl        API root without the trailing {@code /audio/speech}, e.g. {@code https://api.openai.com/v1}
 * @param apiKey         bearer token, or null/blank for servers without authentication; from the environment
 *                       only ({@code CALLROBOT_TTS_OPENAI_API_KEY}), never from a file
 * @param model          model sent as {@code model}
 * @param voice          voice used when the request names none
 * @param instructions   sent as {@code instructions} when a request names an emotion, {@code {emotion}}
 *                       replaced by it; empty ignores emotions ({@code tts-1} models take no instructions)
 * @param sampleRate     rate of the PCM answer: OpenAI's is fixed at 24 kHz; compatible servers may differ
 * @param maxInFlight    chunks requested ahead per reply while earlier ones are delivered
 * @param warmUp         at start, {@code GET {baseUrl}/models} (not billed) so the first reply finds a
 *                       TLS connection open in the pool
 * @param connectTimeout TCP/TLS connect time-out
 * @param readTimeout    longest silence while reading an answer
 */
public record OpenAiTtsConfig(String baseUrl, String apiKey, String model, String voice, String instructions,
                              int sampleRate, int maxInFlight, boolean warmUp, Duration connectTimeout,
                              Duration readTimeout) {

    public OpenAiTtsConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(instructions, "instructions");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (sampleRate <= 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("need sampleRate > 0 and maxInFlight >= 1: " + sampleRate + ", " + maxInFlight);
        }
    }

    /** OpenAI's API, {@code gpt-4o-mini-tts} voice {@code alloy}, 24 kHz PCM, 2 ahead, warm-up on. */
    public static OpenAiTtsConfig defaults() {
        return new OpenAiTtsConfig("https://api.openai.com/v1", null, "gpt-4o-mini-tts", "alloy",
                "Speak in a {emotion} tone.", 24000, 2, true, Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "OpenAiTtsConfig[baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "***" : "none") + ", model=" + model
                + ", voice=" + voice + ", instructions=" + instructions + ", sampleRate=" + sampleRate
                + ", maxInFlight=" + maxInFlight + ", warmUp=" + warmUp + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + "]";
    }
}
