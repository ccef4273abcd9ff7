package io.callrobot.tts.tryout;

import java.util.List;

/**
 * What a provider lets a try-out choose.
 *
 * @param voices       voices to pick from: the configured ones first, then well-known ones
 * @param defaultVoice what speaks when no voice is named (the configured voice), or null when the
 *                     provider picks one by language
 * @param emotions     emotions the provider passes on; empty when it takes none
 * @param minSpeed     slowest speed factor the provider honours (1.0 is normal)
 * @param maxSpeed     fastest speed factor
 * @param languages    languages a reply may be in, e.g. {@code zh-CN}
 */
public record VoiceOptions(List<String> voices, String defaultVoice, List<String> emotions, double minSpeed,
        double maxSpeed, List<String> languages) {

    public VoiceOptions {
        voices = List.copyOf(voices);
        emotions = List.copyOf(emotions);
        languages = List.copyOf(languages);
        if (!(minSpeed > 0 && minSpeed <= 1 && maxSpeed >= 1)) {
            throw new IllegalArgumentException("need 0 < minSpeed <= 1 <= maxSpeed: " + minSpeed + ", " + maxSpeed);
        }
    }
}
