package io.callrobot.campaign;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which attempts are retried and when. A null rule means that outcome is final. An answered call
 * is final unless the flow's result tag has a rule in {@code results} (e.g. {@code callback});
 * an invalid number is always final; a throttled attempt is always retried after
 * {@code throttledAfterSeconds} and is no attempt of the contact's.
 *
 * @param busy                  after USER_BUSY
 * @param noAnswer              after ringing out
 * @param unreachable           after a phone switched off or out of service
 * @param rejected              after CALL_REJECTED
 * @param failed                after any other failure
 * @param results               by the flow's result tag
 * @param maxAttempts           attempts per contact, at most, whatever the rule
 * @param throttledAfterSeconds how soon a call the switch refused is tried again
 */
public record RetrySettings(RetryRule busy, RetryRule noAnswer, RetryRule unreachable, RetryRule rejected,
        RetryRule failed, Map<String, RetryRule> results, int maxAttempts, int throttledAfterSeconds) {

    public static final int MAX_ATTEMPTS = 20;
    public static final int MAX_THROTTLED_AFTER_SECONDS = 3600;

    public RetrySettings {
        results = Collections.unmodifiableMap(new TreeMap<>(results));
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS);
        }
        if (throttledAfterSeconds < 1 || throttledAfterSeconds > MAX_THROTTLED_AFTER_SECONDS) {
            throw new IllegalArgumentException("throttledAfterSeconds must be between 1 and "
                    + MAX_THROTTLED_AFTER_SECONDS);
        }
    }

    /**
     * Busy after 10 minutes (the callee is on another call), no answer after an hour, unreachable
     * after two (a phone switched off is often back on later in the day), other failures after 30
     * minutes; a rejected call is not retried (the callee, or a carrier's spam filter, said no);
     * at most 3 attempts; throttled calls again after 30 s.
     */
    public static RetrySettings defaults() {
        return new RetrySettings(RetryRule.after(10), RetryRule.after(60), RetryRule.after(120), null,
                RetryRule.after(30), Map.of(), 3, 30);
    }

    /** The rule for an unanswered outcome, or null when it is final. */
    public RetryRule forOutcome(AttemptOutcome outcome) {
        return switch (outcome) {
            case BUSY -> busy;
            case NO_ANSWER -> noAnswer;
            case UNREACHABLE -> unreachable;
            case REJECTED -> rejected;
            case FAILED -> failed;
            case ANSWERED, INVALID_NUMBER, THROTTLED -> null;
        };
    }
}
