package io.callrobot.store;

import java.time.Instant;

/**
 * A stored call attempt.
 *
 * @param jobUuid     the bgapi Job-UUID once FreeSWITCH accepted the originate, else null
 * @param outcome     how it ended (e.g. {@code answered}, {@code busy}, {@code no_answer}); null while in flight
 * @param hangupCause FreeSWITCH's hang-up cause, when known
 * @param result      the flow's result tag, for an answered call that set one
 * @param durationMs  talk time (answer to hang-up), 0 if never answered; null while in flight
 */
public record AttemptRow(String callUuid, long campaignId, long contactId, String robotId, String jobUuid,
        String phone, String callerId, AttemptState state, String outcome, String hangupCause, String result,
        Instant createdAt, Instant answeredAt, Instant endedAt, Long durationMs) {

    /** Not ended yet. */
    public boolean inFlight() {
        return state != AttemptState.ENDED;
    }
}
