package io.callrobot.store.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callrobot.ops.CallRecord;
import io.callrobot.ops.CallRecordJson;
import io.callrobot.ops.TurnRecord;
import io.callrobot.store.CallRecordRow;
import java.time.Duration;

/** A call log record as a row of the store: its columns, its JSON line and its transcript. */
final class CallRecordRows {

    private final CallRecordJson json = new CallRecordJson();

    CallRecordRow of(CallRecord record) throws JsonProcessingException {
        long duration = record.answeredAt() == null || record.endedAt() == null ? 0
                : Math.max(0, Duration.between(record.answeredAt(), record.endedAt()).toMillis());
        return new CallRecordRow(record.uuid(), record.campaignId(), record.contactId(), record.direction(),
                record.caller(), record.callee(), record.flow(), record.connectedAt(), record.answeredAt(),
                record.endedAt(), duration, record.result(), record.hangupCause(), json.write(record),
                transcript(record));
    }

    /** One line per turn with words in it: {@code robot: ...} (what the caller heard), {@code caller: ...}. */
    static String transcript(CallRecord record) {
        StringBuilder text = new StringBuilder();
        for (TurnRecord turn : record.turns()) {
            if (turn.text() != null && !turn.text().isBlank()) {
                text.append(turn.speaker()).append(": ").append(turn.text().strip().replace('\n', ' '))
                        .append(turn.interrupted() ? " [interrupted]" : "").append('\n');
            }
        }
        return text.toString();
    }
}
