package io.callrobot.ops;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %X} with the value escaped and cut by {@link LogText}: the {@code call} key
 * holds the channel's Unique-ID, which comes from FreeSWITCH's channel data. Registered in
 * {@code logback.xml} as {@code %safeMdc}, e.g. {@code %safeMdc{call:--}}.
 */
public final class SafeMdcConverter extends MDCConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.safe(super.convert(event), SafeMessageConverter.DEFAULT_MAX_ARGUMENT);
    }
}
