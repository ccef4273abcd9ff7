package io.callrobot.store;

import java.time.Instant;

/**
 * A number not to be called.
 *
 * @param campaignId the campaign it applies to, or null for every campaign
 */
public record DncEntry(String phone, Long campaignId, String reason, Instant addedAt) {
}
