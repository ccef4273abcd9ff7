package io.callrobot.config;

import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.NormalizerConfig;
import io.callrobot.tts.cache.PromptCacheConfig;
import io.callrobot.tts.cosyvoice.CosyVoiceConfig;
import io.callrobot.tts.espeak.EspeakConfig;
import io.callrobot.tts.http.HttpTtsConfig;
import io.callrobot.tts.nls.NlsTtsConfig;
import io.callrobot.tts.openai.OpenAiTtsConfig;
import io.callrobot.tts.polish.PolishConfig;

/**
 * Which speech synthesis provider speaks, and each provider's settings.
 *
 * @param provider {@code espeak} (local, the default), {@code http}, {@code cosyvoice} (DashScope),
 *                 {@code openai} (OpenAI-compatible {@code /audio/speech}) or {@code nls} (Alibaba Cloud
 *                 streaming synthesis; gateway and token under {@code nls})
 * @param chunker   how streamed LLM text is cut into chunks for synthesis
 * @param normalize Chinese text normalization before synthesis (amounts, dates, phone numbers)
 * @param cache     synthesised audio kept by provider, voice, parameters and text, so repeated prompts play at once
 * @param polish    fades at chunk edges and loudness levelling of the synthesised audio
 */
public record TtsConfig(String provider, ChunkerConfig chunker, NormalizerConfig normalize, PromptCacheConfig cache,
        PolishConfig polish, EspeakConfig espeak, HttpTtsConfig http, CosyVoiceConfig cosyvoice,
        OpenAiTtsConfig openai, NlsTtsConfig nls) {

    public static TtsConfig defaults() {
        return new TtsConfig("espeak", ChunkerConfig.defaults(), NormalizerConfig.defaults(),
                PromptCacheConfig.defaults(), PolishConfig.defaults(), EspeakConfig.defaults(), HttpTtsConfig.defaults(),
                CosyVoiceConfig.defaults(), OpenAiTtsConfig.defaults(), NlsTtsConfig.defaults());
    }
}
