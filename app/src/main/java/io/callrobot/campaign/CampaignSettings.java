package io.callrobot.campaign;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A campaign's definition as {@code POST /api/campaigns} receives it; read and validated by
 * {@link CampaignSettingsJson}, which fills in the defaults for what the body leaves out.
 *
 * @param name              shown in lists and results
 * @param flow              the flow every call runs
 * @param dialString        FreeSWITCH dial string, {@code ${phone}} standing for the contact's
 *                          canonical number ({@code sofia/gateway/carrier/${phone}})
 * @param callerIds         caller ID numbers to use in turn; empty: the gateway's own
 * @param variables         variables every call gets; a contact's own variables win
 * @param window            when calls may start
 * @param pacing            how fast calls start
 * @param retry             what is retried, when
 * @param dailyCapPerNumber calls to one number per day, counting every campaign's calls to it: this
 *                          campaign calls no number that has had that many today
 * @param dailyCap          calls per day from this campaign, at most; 0: no cap
 * @param webhook           where outcomes are posted; null: nowhere
 * @param record            whether the calls are recorded, whatever the flow and {@code recording.enabled}
 *                          say; null: as they say
 */
public record CampaignSettings(String name, String flow, String dialString, List<String> callerIds,
        Map<String, String> variables, WindowSettings window, PacingSettings pacing, RetrySettings retry,
        int dailyCapPerNumber, int dailyCap, WebhookSettings webhook, Boolean record) {

    /**
     * Three a day, as many as the default attempts, so a contact's retries can all fall on one day
     * (busy calls come back after 10 minutes).
     */
    public static final int DEFAULT_DAILY_CAP_PER_NUMBER = 3;

    public CampaignSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(dialString, "dialString");
        callerIds = List.copyOf(callerIds);
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(retry, "retry");
    }

    /** A campaign with every optional setting at its default. */
    public static CampaignSettings withDefaults(String name, String flow, String dialString) {
        return new CampaignSettings(name, flow, dialString, List.of(), Map.of(), WindowSettings.defaults(),
                PacingSettings.defaults(), RetrySettings.defaults(), DEFAULT_DAILY_CAP_PER_NUMBER, 0, null, null);
    }
}
