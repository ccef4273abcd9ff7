package io.callrobot.asr.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an OpenAI-compatible transcription endpoint ({@code POST {baseUrl}/audio/transcriptions}:
 * OpenAI, whisper servers such as speaches or whisper.cpp's server, SenseVoice API servers), fed one
 * VAD-cut utterance per request.
 *
 * @param baseUrl                API root without the trailing {@code /audio/transcriptions}, e.g. {@code https://api.openai.com/v1}
 * @param model                  model name sent as {@code model}
 * @param apiKey                 bearer token, or null/blank for servers without authentication; from the
 *                               environment only ({@code CALLROBOT_ASR_OPENAI_API_KEY})
 * @param language               ISO-639-1 code sent as {@code language}; blank = the call's language ({@code zh-CN} -> {@code zh})
 * @param prompt                 text sent as {@code prompt} before the hotwords, to bias spelling and vocabulary; may be blank
 * @param preRollMillis          audio kept from before the VAD confirmed speech and sent at the start of the utterance
 * @param maxUtteranceSeconds    longer speech is cut and sent in pieces of this length
 * @param timeout                one request's whole time (connect, upload, transcription, answer)
 * @param maxConsecutiveFailures this many failed utterances in a row make the stream fail; a single failure is skipped
 */
public record OpenAiAsrConfig(String baseUrl, String model, String apiKey, String language, String prompt,
                              int preRollMillis, int maxUtteranceSeconds, Duration timeout,
                              int maxConsecutiveFailures) {

    public OpenAiAsrConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = URI.create(baseUrl).getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUrl must start with http:// or https://: " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be set");
        }
        language = language == null ? "" : language;
        prompt = prompt == null ? "" : prompt;
        if (preRollMillis < 0 || preRollMillis > 2000) {
            throw new IllegalArgumentException("preRollMillis must be between 0 and 2000: " + preRollMillis);
        }
        if (maxUtteranceSeconds < 1) {
            throw new IllegalArgumentException("maxUtteranceSeconds must be at least 1: " + maxUtteranceSeconds);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1: " + maxConsecutiveFailures);
        }
    }

    /** A local server on port 8000 without a key; 400 ms pre-roll, 30 s pieces, 15 s per request, 3 failures. */
    public static OpenAiAsrConfig defaults() {
        return new OpenAiAsrConfig("http://127.0.0.1:8000/v1", "whisper-1", null, "", "", 400, 30,
                Duration.ofSeconds(15), 3);
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "OpenAiAsrConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasApiKey() ? "***" : "none")
                + ", language=" + language + ", prompt=" + prompt + ", preRollMillis=" + preRollMillis
                + ", maxUtteranceSeconds=" + maxUtteranceSeconds + ", timeout=" + timeout
                + ", maxConsecutiveFailures=" + maxConsecutiveFailures + "]";
    }
}
