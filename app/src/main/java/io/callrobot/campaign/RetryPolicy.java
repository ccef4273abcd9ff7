package io.callrobot.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides after each attempt whether the contact is called again and when ({@link RetrySettings}
 * applied): a result tag with a rule in {@code results} wins over the outcome; an answered call
 * that answering-machine detection hung up is taken as the outcome its tag stands for
 * ({@link #detectedOutcome}); otherwise the outcome's rule applies, an answered call and an
 * invalid number being final. A retry is due
 * {@code afterMinutes} after the attempt ended, moved on to the window's next opening when that
 * falls outside it, and only while the contact has had fewer attempts than the rule (or the
 * section) allows. A throttled attempt, the switch's refusal rather than the callee's, is retried
 * after {@code throttledAfterSeconds} whatever the count. Daily caps are the dialer's to check when
 * the retry comes due. Immutable and thread-safe.
 */
public final class RetryPolicy {

    private final RetrySettings settings;
    private final CallWindow window;

    public RetryPolicy(RetrySettings settings, CallWindow window) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.window = Objects.requireNonNull(window, "window");
    }

    /**
     * @param outcome  how the attempt ended
     * @param result   the flow's result tag, or null
     * @param attempts the contact's attempts so far, this one included unless it was throttled
     * @param endedAt  when the attempt ended
     * @throws IllegalArgumentException if {@code attempts} cannot include this attempt
     */
    public RetryDecision decide(AttemptOutcome outcome, String result, int attempts, Instant endedAt) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(endedAt, "endedAt");
        if (attempts < (outcome.countsAsAttempt() ? 1 : 0)) {
            throw new IllegalArgumentException("attempts must count this " + outcome.id() + " attempt, got " + attempts);
        }
        if (outcome == AttemptOutcome.THROTTLED) {
            return retryAt(endedAt.plusSeconds(settings.throttledAfterSeconds()), "throttled", false, outcome, result);
        }
        String name;
        RetryRule rule;
        AttemptOutcome detected = outcome == AttemptOutcome.ANSWERED ? detectedOutcome(result) : null;
        if (result != null && settings.results().containsKey(result)) {
            name = "results." + result;
            rule = settings.results().get(result);
        } else if (detected != null) {
            name = ruleName(detected);
            rule = settings.forOutcome(detected);
        } else {
            name = ruleName(outcome);
            rule = settings.forOutcome(outcome);
        }
        if (rule == null) {
            return new RetryDecision.Done(outcome, result, RetryDecision.Reason.FINAL);
        }
        int limit = rule.maxAttempts() > 0 ? rule.maxAttempts() : settings.maxAttempts();
        if (attempts >= Math.min(limit, settings.maxAttempts())) {
            return new RetryDecision.Done(outcome, result, RetryDecision.Reason.ATTEMPTS_EXHAUSTED);
        }
        return retryAt(endedAt.plus(Duration.ofMinutes(rule.afterMinutes())), name, true, outcome, result);
    }

    private RetryDecision retryAt(Instant due, String rule, boolean counts, AttemptOutcome outcome, String result) {
        Optional<Instant> at = window.nextOpening(due);
        return at.<RetryDecision>map(instant -> new RetryDecision.Retry(instant, rule, counts))
                .orElseGet(() -> new RetryDecision.Done(outcome, result, RetryDecision.Reason.WINDOW_CLOSED));
    }

    /**
     * The outcome an answered call stands for when answering-machine detection hung it up: a carrier
     * announcement ({@code unreachable}, {@code invalid_number}) is what the switch would have said
     * had the carrier not answered; a voicemail or call-secretary ({@code machine},
     * {@code call_secretary}) means the person did not pick up. Null for any other tag.
     */
    static AttemptOutcome detectedOutcome(String result) {
        if (result == null) {
            return null;
        }
        return switch (result) {
            case "unreachable" -> AttemptOutcome.UNREACHABLE;
            case "invalid_number" -> AttemptOutcome.INVALID_NUMBER;
            case "machine", "call_secretary" -> AttemptOutcome.NO_ANSWER;
            default -> null;
        };
    }

    private static String ruleName(AttemptOutcome outcome) {
        return switch (outcome) {
            case NO_ANSWER -> "noAnswer";
            default -> outcome.id();
        };
    }
}
