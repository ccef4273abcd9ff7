package io.callrobot.store;

import java.time.Instant;

/** One call in a list of call records: the columns, without the JSON record and the transcript. */
public record CallSummary(String callUuid, Long campaignId, Long contactId, String direction, String caller,
        String callee, String flow, Instant startedAt, Instant answeredAt, Instant endedAt, long durationMs,
        String result, String hangupCause) {
}
