package io.callrobot.store;

import java.util.Map;

/**
 * A campaign's call attempts counted, retries included: what its calls came to, where the
 * contacts' counts ({@link CampaignCounts}) say only how each contact ended.
 *
 * @param total     every attempt recorded
 * @param inFlight  attempts not ended yet (originating or answered)
 * @param byOutcome ended attempts per outcome ({@code answered}, {@code busy}, ...)
 * @param byResult  attempts per result tag the flow set, of those that have one
 */
public record AttemptBreakdown(long campaignId, long total, long inFlight, Map<String, Long> byOutcome,
        Map<String, Long> byResult) {

    public AttemptBreakdown {
        byOutcome = Map.copyOf(byOutcome);
        byResult = Map.copyOf(byResult);
    }
}
