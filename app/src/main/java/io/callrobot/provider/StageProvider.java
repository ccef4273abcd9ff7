package io.callrobot.provider;

import io.callrobot.config.CallRobotConfig;
import java.util.List;

/** A provider of speech recognition or voice activity detection: a name, its checks and its factory. */
public record StageProvider<E>(String name, Checks checks, Factory<E> factory) implements Provider<E> {

    @Override
    public List<String> problems(CallRobotConfig config) {
        return checks.problems(config);
    }

    @Override
    public E create(CallRobotConfig config, SharedResources shared) throws Exception {
        return factory.create(config, shared);
    }
}
