package io.callrobot.campaign;

/**
 * When to call a contact again after an outcome or a result.
 *
 * @param afterMinutes how long after the attempt ended (moved on to the window's next opening if
 *                     that falls outside it)
 * @param maxAttempts  no retry once the contact has had this many attempts; 0: the retry section's
 *                     {@link RetrySettings#maxAttempts()}
 */
public record RetryRule(int afterMinutes, int maxAttempts) {

    /** A week: a retry later than that is a new campaign. */
    public static final int MAX_AFTER_MINUTES = 7 * 24 * 60;

    public RetryRule {
        if (afterMinutes < 1 || afterMinutes > MAX_AFTER_MINUTES) {
            throw new IllegalArgumentException("afterMinutes must be between 1 and " + MAX_AFTER_MINUTES);
        }
        if (maxAttempts < 0 || maxAttempts > RetrySettings.MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + RetrySettings.MAX_ATTEMPTS);
        }
    }

    /** A rule with the retry section's attempt limit. */
    public static RetryRule after(int minutes) {
        return new RetryRule(minutes, 0);
    }
}
