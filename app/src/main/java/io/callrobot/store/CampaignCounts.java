package io.callrobot.store;

import java.util.Map;

/**
 * A campaign's progress.
 *
 * @param total        its contacts
 * @param byStatus     contacts per status, every status present (0 when none)
 * @param byOutcome    contacts per final outcome, of those that have one
 * @param byResult     contacts per result tag of their last call, of those that have one
 * @param blockedByDnc pending or retry_wait contacts whose number is on a do-not-call list now: never
 *                     claimed while it stays there
 */
public record CampaignCounts(long campaignId, long total, Map<ContactStatus, Long> byStatus,
        Map<String, Long> byOutcome, Map<String, Long> byResult, long blockedByDnc) {

    public CampaignCounts {
        byStatus = Map.copyOf(byStatus);
        byOutcome = Map.copyOf(byOutcome);
        byResult = Map.copyOf(byResult);
    }

    /** Contacts that may still be dialled: pending, dialing or retry_wait, less those blocked by do-not-call. */
    public long remaining() {
        return byStatus.get(ContactStatus.PENDING) + byStatus.get(ContactStatus.DIALING)
                + byStatus.get(ContactStatus.RETRY_WAIT) - blockedByDnc;
    }
}
