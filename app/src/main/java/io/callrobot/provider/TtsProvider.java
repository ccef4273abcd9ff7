package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.tts.TtsEngine;
import java.util.List;
import java.util.function.Function;

/**
 * A speech synthesis provider, and the identity the prompt cache keys its audio by.
 *
 * @param cacheIdentity the provider and every setting that changes its audio for the same request and
 *                      text (see {@link CacheIdentity}), so that changing one never replays old audio
 */
public record TtsProvider(String name, Checks checks, Factory<TtsEngine> factory,
        Function<CallRobotConfig, String> cacheIdentity) implements Provider<TtsEngine> {

    @Override
    public List<String> problems(CallRobotConfig config) {
        return checks.problems(config);
    }

    @Override
    public TtsEngine create(CallRobotConfig config, SharedResources shared) throws Exception {
        return factory.create(config, shared);
    }

    /** The identity under which the prompt cache keeps this provider's audio with {@code config}. */
    public String cacheIdentity(CallRobotConfig config) {
        return cacheIdentity.apply(config);
    }
}
