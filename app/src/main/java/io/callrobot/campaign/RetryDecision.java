package io.callrobot.campaign;

import java.time.Instant;

/** What {@link RetryPolicy} decided after an attempt: call again at an instant, or done. */
public sealed interface RetryDecision {

    /**
     * Call the contact again.
     *
     * @param at              not before this instant, which is inside the call window
     * @param rule            the rule that applied: {@code busy}, {@code noAnswer},
     *                        {@code results.callback}, ... or {@code throttled}
     * @param countsAsAttempt false for a throttled attempt, which the contact's count leaves out
     */
    record Retry(Instant at, String rule, boolean countsAsAttempt) implements RetryDecision {
    }

    /**
     * The contact is finished.
     *
     * @param outcome the last attempt's outcome
     * @param result  the flow's result tag, or null
     * @param reason  why no retry
     */
    record Done(AttemptOutcome outcome, String result, Reason reason) implements RetryDecision {
    }

    /** Why a contact is finished. */
    enum Reason {
        /** The outcome or result has no retry rule: answered, invalid number, or a rule set to null. */
        FINAL,
        /** A rule applied but the contact has had its attempts. */
        ATTEMPTS_EXHAUSTED,
        /** A retry was due but the window never opens again (or is invalid). */
        WINDOW_CLOSED
    }
}
