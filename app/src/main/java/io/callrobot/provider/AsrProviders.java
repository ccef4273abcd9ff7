package io.callrobot.provider;

import io.callrobot.asr.AsrEngine;
import io.callrobot.asr.funasr.FunAsrEngine;
import io.callrobot.asr.nls.NlsAsrEngine;
import io.callrobot.asr.openai.OpenAiAsrEngine;

/** The speech recognition providers ({@code asr.provider}); {@code none} builds no engine (null): keypad input only. */
final class AsrProviders {

    private AsrProviders() {
    }

    static ProviderRegistry<StageProvider<AsrEngine>> registry() {
        return new ProviderRegistry<>("asr.provider", config -> config.asr().provider(),
                new StageProvider<>("none", Provider.Checks.none(), (config, shared) -> null),
                new StageProvider<>("funasr", Provider.Checks.none(),
                        (config, shared) -> new FunAsrEngine(config.asr().funasr(), shared.websockets())),
                new StageProvider<>("nls", NlsCredentials::problems,
                        (config, shared) -> new NlsAsrEngine(shared.nls(), config.asr().nls())),
                new StageProvider<>("openai", Provider.Checks.none(),
                        (config, shared) -> new OpenAiAsrEngine(config.asr().openai(), shared.http())));
    }
}
