package io.callrobot.store;

/**
 * A daily counter and the most it may reach.
 *
 * @param scope what is counted, e.g. {@code number:+8613800138000} or {@code campaign:42}
 * @param limit the most calls a day; 0 allows none
 */
public record DailyCap(String scope, int limit) {

    public DailyCap {
        Check.notBlank("scope", scope);
        if (limit < 0) {
            throw new IllegalArgumentException("limit of " + scope + " must not be negative: " + limit);
        }
    }

    /** Calls to one number, across every campaign. */
    public static DailyCap number(String phone, int limit) {
        return new DailyCap(numberScope(phone), limit);
    }

    /** Calls of one campaign. */
    public static DailyCap campaign(long campaignId, int limit) {
        return new DailyCap(campaignScope(campaignId), limit);
    }

    public static String numberScope(String phone) {
        return "number:" + phone;
    }

    public static String campaignScope(long campaignId) {
        return "campaign:" + campaignId;
    }
}
