package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigException;
import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.SileroConfig;
import io.callrobot.vad.SileroVadBatcher;
import io.callrobot.vad.SileroVadModel;
import io.callrobot.vad.Vad;
import io.callrobot.vad.VadConfig;
import java.time.Duration;
import java.util.function.IntFunction;

/** The voice activity detectors ({@code vad.engine}); each builds a detector per call at the call's sample rate. */
final class VadProviders {

    private VadProviders() {
    }

    static ProviderRegistry<StageProvider<IntFunction<Vad>>> registry() {
        return new ProviderRegistry<>("vad.engine", config -> config.vad().engine(),
                new StageProvider<>("energy", Provider.Checks.none(), (config, shared) -> energy(config.vad().energy())),
                new StageProvider<>("silero", Provider.Checks.none(), VadProviders::silero));
    }

    private static IntFunction<Vad> energy(VadConfig settings) {
        return rate -> new EnergyVad(rate, rate / 50, settings);
    }

    /** One model and one batched inference thread for all calls, gathering {@code vad.silero.batchGatherMillis}. */
    private static IntFunction<Vad> silero(CallRobotConfig config, SharedResources shared) {
        SileroConfig settings = config.vad().silero();
        SileroVadModel model;
        try {
            model = shared.own(new SileroVadModel(InstalledFiles.find(settings.modelPath())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vad.silero.modelPath: '" + settings.modelPath() + "': " + e.getMessage()
                    + " (a relative path is looked up in the working directory, then in the installation"
                    + " directory; or set vad.engine: energy)");
        }
        SileroVadBatcher batcher = shared.own(new SileroVadBatcher(model, SileroVadBatcher.DEFAULT_MAX_BATCH,
                Duration.ofMillis(settings.batchGatherMillis())).start());
        return rate -> batcher.newVad(rate, settings);
    }
}
