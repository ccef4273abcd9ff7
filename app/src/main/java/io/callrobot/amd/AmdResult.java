package io.callrobot.amd;

import java.util.Locale;

/** What answered an outbound call, as the campaign's retry rules and the call record name it. */
public enum AmdResult {
    /** A person: a short greeting, then a pause for the caller to speak. */
    HUMAN,
    /** Voicemail or another recorded greeting. */
    MACHINE,
    /** The carrier says the phone is off, out of the service area, busy or cannot be connected. */
    UNREACHABLE,
    /** The carrier says the number does not exist or is no longer in service. */
    INVALID_NUMBER,
    /** An AI call-secretary answering on behalf of the subscriber. */
    CALL_SECRETARY,
    /** Nothing conclusive before the detection window closed. */
    UNKNOWN;

    /** The lower-case name used in results and the phrase file, e.g. {@code invalid_number}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wireName()}; the error names the bad value and the accepted ones. */
    public static AmdResult fromWireName(String name) {
        for (AmdResult r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown detection result '" + name
                + "' (expected human, machine, unreachable, invalid_number, call_secretary or unknown)");
    }
}
