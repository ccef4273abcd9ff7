package io.callrobot.config;

import io.callrobot.asr.funasr.FunAsrConfig;
import io.callrobot.asr.nls.NlsAsrConfig;
import io.callrobot.asr.openai.OpenAiAsrConfig;

/**
 * Which speech recognition provider listens.
 *
 * @param provider {@code none} (keypad input only, the default: no recogniser runs locally), {@code funasr}
 *                 (streaming websocket), {@code nls} (Alibaba Cloud real-time transcription; gateway and
 *                 token under {@code nls}) or {@code openai} (an OpenAI-compatible transcription endpoint,
 *                 one request per VAD-cut utterance)
 * @param hotwords words to bias recognition towards, passed to providers that support them
 */
public record AsrConfig(String provider, java.util.List<String> hotwords, FunAsrConfig funasr,
        NlsAsrConfig nls, OpenAiAsrConfig openai) {

    public static AsrConfig defaults() {
        return new AsrConfig("none", java.util.List.of(), FunAsrConfig.defaults(), NlsAsrConfig.defaults(),
                OpenAiAsrConfig.defaults());
    }
}
