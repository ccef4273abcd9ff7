package io.callrobot.store;

import java.time.Instant;

/**
 * A call's record as kept in the store.
 *
 * @param campaignId  the campaign that placed the call, null for other calls
 * @param contactId   the contact called, null for other calls
 * @param startedAt   when the robot got the call
 * @param durationMs  talk time (answer to hang-up), 0 if never answered
 * @param recordJson  the call log's JSON line for the call
 * @param transcript  the turns as text, one line each ({@code robot: ...}, {@code caller: ...})
 */
public record CallRecordRow(String callUuid, Long campaignId, Long contactId, String direction, String caller,
        String callee, String flow, Instant startedAt, Instant answeredAt, Instant endedAt, long durationMs,
        String result, String hangupCause, String recordJson, String transcript) {

    public CallRecordRow {
        Check.notBlank("callUuid", callUuid);
        if (callUuid.length() > 64) {
            throw new IllegalArgumentException("callUuid is longer than 64 characters: " + callUuid);
        }
        if (startedAt == null) {
            throw new IllegalArgumentException("startedAt must be given");
        }
        Check.notBlank("recordJson", recordJson);
    }
}
