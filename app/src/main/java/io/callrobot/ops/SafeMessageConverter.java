package io.callrobot.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logback's {@code %msg} for log lines that carry values from outside: the message pattern is ours
 * and kept as written, but every argument is escaped and cut by {@link LogText}, so a caller number,
 * a flow name or a transcript holding a newline or an ANSI escape cannot forge a log line.
 * Registered in {@code logback.xml} as {@code %safeMsg}; an option sets the longest argument kept,
 * e.g. {@code %safeMsg{512}} (default {@value #DEFAULT_MAX_ARGUMENT}). A logged exception's stack
 * trace is printed by {@code %ex} as usual.
 */
public final class SafeMessageConverter extends ClassicConverter {

    static final int DEFAULT_MAX_ARGUMENT = 256;

    private int maxArgument = DEFAULT_MAX_ARGUMENT;

    @Override
    public void start() {
        String option = getFirstOption();
        if (option != null) {
            try {
                maxArgument = Integer.parseInt(option.trim());
            } catch (NumberFormatException e) {
                addError("%safeMsg{" + option + "}: the option is the longest argument kept, in characters");
            }
            if (maxArgument < 1) {
                addError("%safeMsg{" + option + "}: must be at least 1; using " + DEFAULT_MAX_ARGUMENT);
                maxArgument = DEFAULT_MAX_ARGUMENT;
            }
        }
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (arguments == null || arguments.length == 0) {
            return event.getMessage();
        }
        Object[] safe = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            // formatted alone first, exactly as SLF4J would (arrays, a failing toString())
            safe[i] = LogText.safe(MessageFormatter.format("{}", arguments[i]).getMessage(), maxArgument);
        }
        return MessageFormatter.basicArrayFormat(event.getMessage(), safe);
    }
}
