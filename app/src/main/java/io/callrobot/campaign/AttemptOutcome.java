package io.callrobot.campaign;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one call attempt ended, as the dialer classifies FreeSWITCH's hangup causes and the call's
 * own end. Spelled in snake case in JSON, results and logs ({@link #id()}).
 */
public enum AttemptOutcome {
    /** The callee answered; the flow's result tag, if any, says more. */
    ANSWERED,
    /** Rang out: NO_ANSWER, NO_USER_RESPONSE, or the originate timeout (无人接听). */
    NO_ANSWER,
    /** USER_BUSY (忙). */
    BUSY,
    /** The number does not exist: UNALLOCATED_NUMBER, INVALID_NUMBER_FORMAT (空号). Never retried. */
    INVALID_NUMBER,
    /** Switched off, out of coverage or suspended: SUBSCRIBER_ABSENT, NETWORK_OUT_OF_ORDER, ... (关机, 停机). */
    UNREACHABLE,
    /** CALL_REJECTED: the callee or their carrier refused the call. */
    REJECTED,
    /** Any other cause, kept with the attempt. */
    FAILED,
    /**
     * The switch refused to place the call (sessions-per-second exceeded, temporary failure on
     * our side): not the callee's doing, so it neither counts as an attempt nor waits long.
     */
    THROTTLED;

    /** As JSON and results spell it: {@code no_answer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the attempt counts towards the contact's attempts (all but {@link #THROTTLED}). */
    public boolean countsAsAttempt() {
        return this != THROTTLED;
    }

    /**
     * The outcome spelled {@code id}.
     *
     * @throws IllegalArgumentException naming the known outcomes
     */
    public static AttemptOutcome parse(String id) {
        for (AttemptOutcome o : values()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown attempt outcome \"" + id + "\" (known: "
                + String.join(", ", Arrays.stream(values()).map(AttemptOutcome::id).toList()) + ")");
    }
}
