package io.callrobot.campaign;

import java.util.List;

/**
 * A campaign definition was refused. {@link #problems()} names every bad field at once, e.g.
 * {@code window.hours[1]: "14:00-13:00" ends before it starts}; nothing was created.
 */
public final class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("invalid campaign: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line each: the field's dotted path, a colon, what is wrong. */
    public List<String> problems() {
        return problems;
    }
}
