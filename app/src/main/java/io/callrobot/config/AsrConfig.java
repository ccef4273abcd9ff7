package io.callrobot.config;

import io.callrobot.asr.FunAsrConfig;
import io.callrobot.asr.NlsAsrConfig;

/**
 * Which speech recognition provider listens.
 *
 * @param provider {@code none} (keypad input only, the default: no recogniser runs locally), {@code funasr}
 *                 or {@code nls} (Alibaba Cloud real-time transcription; gateway and token under {@code nls})
 * @param hotwords words to bias recognition towards, passed to providers that support them
 */
public record AsrConfig(String provider, java.util.List<String> hotwords, FunAsrConfig funasr,
        NlsAsrConfig nls) {

    public static AsrConfig defaults() {
        return new AsrConfig("none", java.util.List.of(), FunAsrConfig.defaults(), NlsAsrConfig.defaults());
    }
}
