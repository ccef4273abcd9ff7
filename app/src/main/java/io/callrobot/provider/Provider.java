package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import java.util.List;

/** One provider of a pipeline stage, selected by name in the configuration. */
public interface Provider<E> {

    /** The settings' checks: problems naming their keys, empty when the provider can run. */
    @FunctionalInterface
    interface Checks {
        List<String> problems(CallRobotConfig config);

        /** A provider that needs nothing beyond what its settings' records check themselves. */
        static Checks none() {
            return config -> List.of();
        }
    }

    /** Builds the provider's engine. */
    @FunctionalInterface
    interface Factory<E> {
        E create(CallRobotConfig config, SharedResources shared) throws Exception;
    }

    /** The name the configuration selects it by, e.g. {@code espeak}. */
    String name();

    /** Problems of the settings this provider needs, each naming its key; empty when it can run. */
    List<String> problems(CallRobotConfig config);

    /** Builds the engine; what must be closed when the server stops is handed to {@link SharedResources#own}. */
    E create(CallRobotConfig config, SharedResources shared) throws Exception;
}
