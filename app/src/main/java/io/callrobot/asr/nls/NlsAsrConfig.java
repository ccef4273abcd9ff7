package io.callrobot.asr.nls;

import java.time.Duration;
import java.util.Objects;

/**
 * Recognition settings for NLS real-time transcription ({@code SpeechTranscriber}); the gateway,
 * Appkey and token are in {@link io.callrobot.nls.NlsConfig}.
 *
 * @param url                 this provider's gateway websocket when it is not {@code nls.url}; blank = {@code nls.url}
 * @param intermediateResults {@code enable_intermediate_result}: partial transcripts while the caller speaks
 * @param punctuation         {@code enable_punctuation_prediction}
 * @param itn                 {@code enable_inverse_text_normalization} ("一百" to "100")
 * @param maxSentenceSilence  {@code max_sentence_silence} in ms, 200-2000: silence that ends a sentence
 * @param vocabularyId        {@code vocabulary_id} of a hotword list created in the console; empty = none
 * @param customizationId     {@code customization_id} of a custom language model; empty = none
 * @param maxPendingAudio     audio held while the task starts; older audio beyond this is dropped
 * @param finishTimeout       longest wait for TranscriptionCompleted after StopTranscription
 */
public record NlsAsrConfig(String url, boolean intermediateResults, boolean punctuation, boolean itn, int maxSentenceSilence,
                           String vocabularyId, String customizationId, Duration maxPendingAudio,
                           Duration finishTimeout) {

    public NlsAsrConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(vocabularyId, "vocabularyId");
        Objects.requireNonNull(customizationId, "customizationId");
        Objects.requireNonNull(maxPendingAudio, "maxPendingAudio");
        Objects.requireNonNull(finishTimeout, "finishTimeout");
        // alibabacloud-nls-go-sdk docs/ST.md, MaxSentenceSilence: valid range 200-2000 ms
        if (maxSentenceSilence < 200 || maxSentenceSilence > 2000) {
            throw new IllegalArgumentException("NLS maxSentenceSilence must be 200-2000 ms: " + maxSentenceSilence);
        }
    }

    /** The nls.url gateway, partials, punctuation and ITN on, 800 ms sentence silence (the service default), no vocabulary, 2 s pending, 5 s finish. */
    public static NlsAsrConfig defaults() {
        return new NlsAsrConfig("", true, true, true, 800, "", "", Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
