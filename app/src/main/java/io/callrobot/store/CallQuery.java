package io.callrobot.store;

import java.time.Instant;
import java.util.Locale;

/**
 * Which call records to list, newest first. Every filter is optional (null); {@link #latest} and
 * the {@code with...} methods build one.
 *
 * @param campaignId  calls of this campaign
 * @param flow        calls that ran this flow
 * @param result      calls with this result tag
 * @param hangupCause calls that ended with this hangup cause (e.g. {@code NORMAL_CLEARING})
 * @param direction   {@code inbound} or {@code outbound}
 * @param number      digits the caller's or the callee's number ends with
 * @param text        text the transcript contains, whatever its case
 * @param from        calls started at or after this
 * @param to          calls started before this
 * @param after       where the previous page ended, to get the next one; null for the first page
 * @param limit       at most this many (1 to {@value #MAX_LIMIT})
 */
public record CallQuery(Long campaignId, String flow, String result, String hangupCause, String direction,
        String number, String text, Instant from, Instant to, Position after, int limit) {

    public static final int MAX_LIMIT = 1000;
    /** Longest number suffix searched: E.164 numbers have at most 15 digits, prefixes add a few. */
    public static final int MAX_NUMBER = 32;
    public static final int MAX_TEXT = 200;

    /** The last call of a page: the next page starts after it in (started at, uuid) order, descending. */
    public record Position(Instant startedAt, String callUuid) {

        public Position {
            if (startedAt == null) {
                throw new IllegalArgumentException("position: startedAt must be given");
            }
            Check.notBlank("position: callUuid", callUuid);
        }
    }

    public CallQuery {
        Check.range("limit", limit, MAX_LIMIT);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " >= " + to);
        }
        if (direction != null && !direction.equals("inbound") && !direction.equals("outbound")) {
            throw new IllegalArgumentException("direction must be inbound or outbound: " + direction);
        }
        if (number != null && !number.matches("[0-9]{1," + MAX_NUMBER + "}")) {
            throw new IllegalArgumentException("number must be 1 to " + MAX_NUMBER + " digits: " + number);
        }
        if (text != null && (text.isBlank() || text.length() > MAX_TEXT)) {
            throw new IllegalArgumentException("text must be 1 to " + MAX_TEXT + " characters, not blank");
        }
    }

    /** The newest {@code limit} calls. */
    public static CallQuery latest(int limit) {
        return new CallQuery(null, null, null, null, null, null, null, null, null, null, limit);
    }

    public CallQuery withCampaign(Long id) {
        return new CallQuery(id, flow, result, hangupCause, direction, number, text, from, to, after, limit);
    }

    public CallQuery withFlow(String name) {
        return new CallQuery(campaignId, name, result, hangupCause, direction, number, text, from, to, after, limit);
    }

    public CallQuery withResult(String tag) {
        return new CallQuery(campaignId, flow, tag, hangupCause, direction, number, text, from, to, after, limit);
    }

    public CallQuery withHangupCause(String cause) {
        return new CallQuery(campaignId, flow, result, cause, direction, number, text, from, to, after, limit);
    }

    public CallQuery withDirection(String inOrOut) {
        return new CallQuery(campaignId, flow, result, hangupCause, inOrOut, number, text, from, to, after, limit);
    }

    public CallQuery withNumber(String suffix) {
        return new CallQuery(campaignId, flow, result, hangupCause, direction, suffix, text, from, to, after, limit);
    }

    public CallQuery withText(String contained) {
        return new CallQuery(campaignId, flow, result, hangupCause, direction, number, contained, from, to, after,
                limit);
    }

    /** Calls started in {@code [start, end)}; either may be null. */
    public CallQuery between(Instant start, Instant end) {
        return new CallQuery(campaignId, flow, result, hangupCause, direction, number, text, start, end, after, limit);
    }

    public CallQuery after(Position position) {
        return new CallQuery(campaignId, flow, result, hangupCause, direction, number, text, from, to, position,
                limit);
    }

    /** This query's next page, after {@code last}. */
    public CallQuery next(CallSummary last) {
        return after(new Position(last.startedAt(), last.callUuid()));
    }

    /** The text searched, as the store compares it: lower case, LIKE's wildcards escaped. */
    String textPattern() {
        return "%" + likeEscaped(text.toLowerCase(Locale.ROOT)) + "%";
    }

    static String likeEscaped(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
