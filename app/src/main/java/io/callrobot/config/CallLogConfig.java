package io.callrobot.config;

/**
 * The call log: one JSON line per ended call.
 *
 * @param path        file to append to; empty logs to the {@code callrobot.calls} logger only
 * @param maskNumbers mask caller and callee numbers (all but the last four digits)
 */
public record CallLogConfig(String path, boolean maskNumbers) {

    public static CallLogConfig defaults() {
        return new CallLogConfig("calls.jsonl", true);
    }
}
