package io.callrobot.tts.espeak;

import java.util.Objects;

/**
 * Settings of the local {@code espeak-ng} synthesiser.
 *
 * @param command        the program, found on PATH unless absolute
 * @param voiceZh        voice for Chinese requests ({@code cmn}: Mandarin)
 * @param voiceEn        voice for all other requests
 * @param wordsPerMinute speaking rate at speed 1.0 ({@code -s}); Mandarin voices use 85% of it
 * @param maxConcurrent  chunks synthesised ahead per reply (processes running at once per stream)
 */
public record EspeakConfig(String command, String voiceZh, String voiceEn, int wordsPerMinute, int maxConcurrent) {

    public EspeakConfig {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(voiceZh, "voiceZh");
        Objects.requireNonNull(voiceEn, "voiceEn");
        if (wordsPerMinute < 80 || wordsPerMinute > 450) {
            throw new IllegalArgumentException("wordsPerMinute outside espeak-ng's 80..450: " + wordsPerMinute);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        }
    }

    /** {@code espeak-ng}, voices {@code cmn} and {@code en-us}, espeak's default 175 words per minute, 2 ahead. */
    public static EspeakConfig defaults() {
        return new EspeakConfig("espeak-ng", "cmn", "en-us", 175, 2);
    }
}
