package io.callrobot.provider;

import io.callrobot.asr.AsrEngine;
import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigCheck;
import io.callrobot.vad.Vad;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * One registry per pipeline stage; as a {@link ConfigCheck}, the problems of the providers a
 * configuration selects.
 */
public record ProviderRegistries(ProviderRegistry<StageProvider<IntFunction<Vad>>> vad,
        ProviderRegistry<StageProvider<AsrEngine>> asr, ProviderRegistry<TtsProvider> tts) implements ConfigCheck {

    /** Every provider CallRobot has. */
    public static ProviderRegistries standard() {
        return new ProviderRegistries(VadProviders.registry(), AsrProviders.registry(), TtsProviders.registry());
    }

    @Override
    public List<String> problems(CallRobotConfig config) {
        // both NLS providers need the same credentials: say so once
        return Stream.of(vad, asr, tts).flatMap(registry -> registry.problems(config).stream()).distinct().toList();
    }
}
