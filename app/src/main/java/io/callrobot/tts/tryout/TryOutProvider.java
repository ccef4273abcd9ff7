package io.callrobot.tts.tryout;

import io.callrobot.tts.TtsEngine;
import java.util.Objects;

/**
 * A provider a try-out may speak with.
 *
 * @param name        the provider's name as {@code tts.provider} spells it
 * @param speech      the whole chain a reply goes through: normalization, the prompt cache if
 *                    {@code promptCache}, polishing
 * @param promptCache whether {@code speech} includes the prompt cache (only the configured provider's does:
 *                    it is the one callers hear)
 * @param options     what may be chosen
 */
public record TryOutProvider(String name, TtsEngine speech, boolean promptCache, VoiceOptions options) {

    public TryOutProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(options, "options");
    }
}
