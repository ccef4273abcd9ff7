package io.callrobot.config;

import java.util.List;

/**
 * Checks of a whole configuration that its records cannot make alone and that belong to another
 * part of the server, e.g. that the named providers exist and have what they need.
 */
@FunctionalInterface
public interface ConfigCheck {

    /** The problems found, each naming its key; empty when the configuration can run. */
    List<String> problems(CallRobotConfig config);
}
