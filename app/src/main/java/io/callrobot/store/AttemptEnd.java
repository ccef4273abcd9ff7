package io.callrobot.store;

import java.time.Instant;

/**
 * How an attempt ended.
 *
 * @param outcome     the classification, e.g. {@code answered}, {@code busy}, {@code no_answer}, {@code invalid_number}
 * @param hangupCause FreeSWITCH's cause, e.g. {@code USER_BUSY}; null if unknown
 * @param result      the flow's result tag, if any
 * @param durationMs  talk time; null to take it from the attempt's answer time to {@code endedAt} (0 if unanswered)
 */
public record AttemptEnd(String callUuid, String outcome, String hangupCause, String result, Instant endedAt,
        Long durationMs) {

    public AttemptEnd {
        Check.notBlank("callUuid", callUuid);
        Check.notBlank("outcome", outcome);
        if (endedAt == null) {
            throw new IllegalArgumentException("endedAt must be given");
        }
        if (durationMs != null && durationMs < 0) {
            throw new IllegalArgumentException("durationMs must not be negative: " + durationMs);
        }
    }
}
