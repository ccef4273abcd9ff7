package io.callrobot.config;

/**
 * Which conversation runs.
 *
 * @param flowsDir    extra flow files ({@code *.yaml}) beside the built-in ones; empty for none
 * @param defaultFlow flow for calls whose channel has no {@code robot_flow} variable
 */
public record DialogConfig(String flowsDir, String defaultFlow) {

    public static DialogConfig defaults() {
        return new DialogConfig("", "payment-reminder-zh");
    }
}
