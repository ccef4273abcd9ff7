package io.callrobot.config;

import io.callrobot.asr.FunAsrConfig;

/**
 * Which speech recognition provider listens.
 *
 * @param provider {@code none} (keypad input only, the default: no recogniser runs locally) or {@code funasr}
 * @param hotwords words to bias recognition towards, passed to providers that support them
 */
public record AsrConfig(String provider, java.util.List<String> hotwords, FunAsrConfig funasr) {

    public static AsrConfig defaults() {
        return new AsrConfig("none", java.util.List.of(), FunAsrConfig.defaults());
    }
}
