package io.callrobot.esl.inbound.originate;

import java.time.Duration;
import java.util.Objects;

/**
 * How an originate ended.
 *
 * @param uuid       the attempt's channel uuid ({@code origination_uuid}); when answered, the robot's call has this uuid
 * @param outcome    answered, or why not
 * @param cause      FreeSWITCH's cause from the {@code BACKGROUND_JOB}'s {@code -ERR CAUSE}, e.g. {@code USER_BUSY},
 *                   or its whole output when that is not {@code -ERR} and a cause; null when answered
 * @param progressed whether the callee's side rang or sent early media ({@code CHANNEL_PROGRESS},
 *                   {@code CHANNEL_PROGRESS_MEDIA}) before the end
 * @param elapsed    from sending the originate to its result
 */
public record OriginateResult(String uuid, AttemptOutcome outcome, String cause, boolean progressed, Duration elapsed) {

    public OriginateResult {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether the call was answered and now runs on the robot's outbound socket. */
    public boolean answered() {
        return outcome == AttemptOutcome.ANSWERED;
    }
}
