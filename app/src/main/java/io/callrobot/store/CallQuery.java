package io.callrobot.store;

import java.time.Instant;

/**
 * Which call records to list, newest first. Every filter is optional (null).
 *
 * @param campaignId calls of this campaign
 * @param result     calls with this result tag
 * @param from       calls started at or after this
 * @param to         calls started before this
 * @param after      the last call of the previous page, to get the next one; null for the first page
 * @param limit      at most this many (1 to {@value #MAX_LIMIT})
 */
public record CallQuery(Long campaignId, String result, Instant from, Instant to, CallSummary after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public CallQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " >= " + to);
        }
    }

    /** The newest {@code limit} calls. */
    public static CallQuery latest(int limit) {
        return new CallQuery(null, null, null, null, null, limit);
    }

    /** This query's next page, after {@code last}. */
    public CallQuery next(CallSummary last) {
        return new CallQuery(campaignId, result, from, to, last, limit);
    }
}
