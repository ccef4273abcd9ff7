package io.callrobot.esl.inbound.originate;

import java.util.Locale;
import java.util.Set;

/**
 * How a call attempt ended, from FreeSWITCH's hangup cause (the names of switch_channel.c,
 * CAUSE_CHART). Carriers reach these through sofia_glue.c, sofia_glue_sip_cause_to_freeswitch:
 * 486/600 USER_BUSY, 404 UNALLOCATED_NUMBER, 484 INVALID_NUMBER_FORMAT, 480 NO_USER_RESPONSE,
 * 603/403 CALL_REJECTED, 503/500 NORMAL_TEMPORARY_FAILURE, 502 NETWORK_OUT_OF_ORDER, 408
 * RECOVERY_ON_TIMER_EXPIRE.
 */
public enum AttemptOutcome {

    /** The callee answered; the call runs on the robot's outbound socket. */
    ANSWERED("answered"),
    /** Rang without an answer: NO_ANSWER (originate_timeout), NO_USER_RESPONSE, PROGRESS_TIMEOUT, or our cancel at the timeout. */
    NO_ANSWER("no_answer"),
    /** USER_BUSY. */
    BUSY("busy"),
    /** 空号: the number does not exist or is malformed (UNALLOCATED_NUMBER, INVALID_NUMBER_FORMAT, NO_ROUTE_DESTINATION, ...). */
    INVALID_NUMBER("invalid_number"),
    /** 关机, 停机, 暂时无法接通: SUBSCRIBER_ABSENT, NETWORK_OUT_OF_ORDER, RECOVERY_ON_TIMER_EXPIRE, ... */
    UNREACHABLE("unreachable"),
    /** The callee or carrier declined (CALL_REJECTED, UNWANTED). */
    REJECTED("rejected"),
    /**
     * The switch or carrier had no capacity: NORMAL_TEMPORARY_FAILURE, congestion, and
     * DESTINATION_OUT_OF_ORDER, which is what FreeSWITCH's endpoints answer when the core refuses
     * a new session ("Throttle Error!" over sessions-per-second, "Over Session Limit!";
     * switch_core_session.c, switch_core_session_request_uuid). A dialer slows down on these.
     */
    SWITCH_FAILURE("switch_failure"),
    /** Anything else; the cause is kept with the result. */
    FAILED("failed");

    private static final Set<String> NO_ANSWER_CAUSES = Set.of("NO_ANSWER", "NO_USER_RESPONSE", "PROGRESS_TIMEOUT");
    private static final Set<String> BUSY_CAUSES = Set.of("USER_BUSY", "BUSY_EVERYWHERE");
    private static final Set<String> INVALID_CAUSES = Set.of("UNALLOCATED_NUMBER", "INVALID_NUMBER_FORMAT",
            "NO_ROUTE_DESTINATION", "NO_ROUTE_TRANSIT_NET", "NUMBER_CHANGED", "DOES_NOT_EXIST_ANYWHERE");
    private static final Set<String> UNREACHABLE_CAUSES = Set.of("SUBSCRIBER_ABSENT", "NETWORK_OUT_OF_ORDER",
            "RECOVERY_ON_TIMER_EXPIRE", "USER_NOT_REGISTERED", "INCOMING_CALL_BARRED", "FACILITY_REJECTED");
    private static final Set<String> REJECTED_CAUSES = Set.of("CALL_REJECTED", "UNWANTED", "DECLINE");
    private static final Set<String> SWITCH_CAUSES = Set.of("NORMAL_TEMPORARY_FAILURE", "DESTINATION_OUT_OF_ORDER",
            "SWITCH_CONGESTION", "NORMAL_CIRCUIT_CONGESTION", "REQUESTED_CHAN_UNAVAIL", "SYSTEM_SHUTDOWN",
            "GATEWAY_DOWN");

    private final String id;

    AttemptOutcome(String id) {
        this.id = id;
    }

    /** As results and the store spell it, e.g. {@code no_answer}. */
    public String id() {
        return id;
    }

    /**
     * Classifies the cause of an attempt that was not answered.
     *
     * @param cause              a FreeSWITCH cause name, e.g. {@code USER_BUSY}
     * @param ringTimeoutReached whether the attempt lasted its whole originate_timeout: then an
     *                           ORIGINATOR_CANCEL (a cancel as the ringing was given up) is no answer
     */
    public static AttemptOutcome classify(String cause, boolean ringTimeoutReached) {
        String name = cause == null ? "" : cause.strip().toUpperCase(Locale.ROOT);
        if (NO_ANSWER_CAUSES.contains(name) || (ringTimeoutReached && name.equals("ORIGINATOR_CANCEL"))) {
            return NO_ANSWER;
        }
        if (BUSY_CAUSES.contains(name)) {
            return BUSY;
        }
        if (INVALID_CAUSES.contains(name)) {
            return INVALID_NUMBER;
        }
        if (UNREACHABLE_CAUSES.contains(name)) {
            return UNREACHABLE;
        }
        if (REJECTED_CAUSES.contains(name)) {
            return REJECTED;
        }
        if (SWITCH_CAUSES.contains(name)) {
            return SWITCH_FAILURE;
        }
        return FAILED;
    }
}
