package io.callrobot.config;

import io.callrobot.tts.ChunkerConfig;
import io.callrobot.tts.EspeakConfig;
import io.callrobot.tts.HttpTtsConfig;
import io.callrobot.tts.NlsTtsConfig;
import io.callrobot.tts.NormalizerConfig;
import io.callrobot.tts.PromptCacheConfig;

/**
 * Which speech synthesis provider speaks, and each provider's settings.
 *
 * @param provider {@code espeak} (local, the default), {@code http} or {@code nls} (Alibaba Cloud streaming
 *                 synthesis; gateway and token under {@code nls})
 * @param chunker   how streamed LLM text is cut into chunks for synthesis
 * @param normalize Chinese text normalization before synthesis (amounts, dates, phone numbers)
 * @param cache     synthesised audio kept by provider, voice, parameters and text, so repeated prompts play at once
 */
public record TtsConfig(String provider, ChunkerConfig chunker, NormalizerConfig normalize, PromptCacheConfig cache,
        EspeakConfig espeak, HttpTtsConfig http, NlsTtsConfig nls) {

    public static TtsConfig defaults() {
        return new TtsConfig("espeak", ChunkerConfig.defaults(), NormalizerConfig.defaults(),
                PromptCacheConfig.defaults(), EspeakConfig.defaults(), HttpTtsConfig.defaults(),
                NlsTtsConfig.defaults());
    }
}
