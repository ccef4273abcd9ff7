package io.callrobot.store;

import java.time.Instant;

/**
 * A stored contact: what the dialer works on, and one row of a campaign's results.
 *
 * @param attempts       calls placed to it so far
 * @param nextAttemptAt  when it may be dialled (again); null once it never will
 * @param leaseOwner     the robot dialling it (status {@code dialing}), else null
 * @param leaseUntil     until when that robot holds it
 * @param finalOutcome   why it is done: the result of its last call or why it was never reached
 * @param result         the result tag of its last call, if the flow set one
 * @param lastCallUuid   its last attempt's call uuid: the link to the attempt and the call record
 * @param lastStartedAt  when its last attempt started
 * @param lastDurationMs its last call's talk time (answer to hang-up); 0 if not answered, null while in flight
 */
public record ContactRow(long id, long campaignId, String phone, String variables, long lineNo,
        ContactStatus status, int attempts, Instant nextAttemptAt, String leaseOwner, Instant leaseUntil,
        String finalOutcome, String result, String lastCallUuid, Instant lastStartedAt, Long lastDurationMs,
        Instant createdAt, Instant updatedAt) {
}
