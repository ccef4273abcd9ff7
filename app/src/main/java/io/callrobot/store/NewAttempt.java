package io.callrobot.store;

import java.time.Instant;

/**
 * A call about to be originated for a claimed contact.
 *
 * @param callUuid  the {@code origination_uuid} the call will have: the robot's call and the attempt share it
 * @param robotId   the robot placing it (it holds the contact's lease)
 * @param phone     the number dialled
 * @param callerId  the caller ID used; null for the switch's default
 * @param createdAt when it was recorded, just before the originate command
 */
public record NewAttempt(String callUuid, long campaignId, long contactId, String robotId, String phone,
        String callerId, Instant createdAt) {

    public NewAttempt {
        Check.notBlank("callUuid", callUuid);
        if (callUuid.length() > 64) {
            throw new IllegalArgumentException("callUuid is longer than 64 characters: " + callUuid);
        }
        Check.notBlank("robotId", robotId);
        Check.notBlank("phone", phone);
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt must be given");
        }
    }
}
