package io.callrobot.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored campaign; see {@link NewCampaign} for the settings.
 *
 * @param state     where the campaign is in its life
 * @param updatedAt when its state last changed
 */
public record CampaignRow(long id, String name, String flow, String dialString, List<String> callerIds,
        String variables, String window, String pacing, String retry, String webhook, Integer dailyCapPerNumber,
        Integer dailyCap, Boolean recordCalls, CampaignState state, Instant createdAt, Instant updatedAt) {

    public CampaignRow {
        callerIds = List.copyOf(callerIds);
    }
}
