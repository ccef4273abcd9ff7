package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The providers of one pipeline stage by name, and which one a configuration selects. */
public final class ProviderRegistry<P extends Provider<?>> {

    private final String key;
    private final Function<CallRobotConfig, String> selection;
    private final Map<String, P> byName = new LinkedHashMap<>();

    /**
     * @param key       the configuration key that names the provider, e.g. {@code tts.provider}
     * @param selection reads that key
     */
    @SafeVarargs
    ProviderRegistry(String key, Function<CallRobotConfig, String> selection, P... providers) {
        this.key = key;
        this.selection = selection;
        for (P provider : providers) {
            if (byName.putIfAbsent(provider.name(), provider) != null) {
                throw new IllegalArgumentException(key + ": '" + provider.name() + "' registered twice");
            }
        }
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The provider named {@code name}; a {@link ConfigException} listing the known names if there is none. */
    public P get(String name) {
        P provider = byName.get(name);
        if (provider == null) {
            throw new ConfigException(unknown(name));
        }
        return provider;
    }

    /** The provider {@code config} selects. */
    public P selected(CallRobotConfig config) {
        return get(selection.apply(config));
    }

    /** An unknown name, or the problems of the selected provider's settings. */
    public List<String> problems(CallRobotConfig config) {
        P provider = byName.get(selection.apply(config));
        return provider == null ? List.of(unknown(selection.apply(config))) : provider.problems(config);
    }

    private String unknown(String name) {
        return key + ": '" + name + "' is not one of " + names();
    }
}
