package io.callrobot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.callrobot.media.MediaStats;
import io.callrobot.recording.RecordingInfo;

/**
 * Everything the call log keeps about one call.
 *
 * @param result    the dialog's result tag (e.g. {@code promise_to_pay}), or how the call ended
 *                  without one ({@code caller_hangup}, {@code rejected_busy}, {@code error})
 * @param transferredTo the extension the caller was handed to, if any
 * @param errors    problems met during the call (provider failures, protocol errors), for the log
 * @param tts       the robot turns' TTS chunks and prompt cache hits in total, null without the cache
 * @param campaignId the campaign that placed the call (channel variable {@code callrobot_campaign_id}), else null
 * @param contactId  the campaign's contact called (channel variable {@code callrobot_contact_id}), else null
 * @param recording  the call's recording, null when it was not recorded
 * @param amd        the answering-machine detection's verdict, null when it did not run
 * @param fields     what the dialog recorded (the model's {@code record_fields}): name to JSON value,
 *                   in the order first recorded; {@code variables} include the variables it set
 */
public record CallRecord(String uuid, String direction, String caller, String callee, String flow,
        Map<String, String> variables, Instant connectedAt, Instant answeredAt, Instant endedAt,
        String hangupCause, String result, String transferredTo, List<TurnRecord> turns, List<String> errors,
        MediaStats media, TtsChunks tts, Long campaignId, Long contactId, RecordingInfo recording,
        AmdRecord amd, Map<String, JsonNode> fields) {

    public CallRecord {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A record of a call without answer detection or recorded fields. */
    public CallRecord(String uuid, String direction, String caller, String callee, String flow,
            Map<String, String> variables, Instant connectedAt, Instant answeredAt, Instant endedAt,
            String hangupCause, String result, String transferredTo, List<TurnRecord> turns, List<String> errors,
            MediaStats media, TtsChunks tts, Long campaignId, Long contactId, RecordingInfo recording) {
        this(uuid, direction, caller, callee, flow, variables, connectedAt, answeredAt, endedAt, hangupCause, result,
                transferredTo, turns, errors, media, tts, campaignId, contactId, recording, null, Map.of());
    }

    /** The same record with {@code recording}. */
    public CallRecord withRecording(RecordingInfo recording) {
        return new CallRecord(uuid, direction, caller, callee, flow, variables, connectedAt, answeredAt, endedAt,
                hangupCause, result, transferredTo, turns, errors, media, tts, campaignId, contactId, recording, amd,
                fields);
    }
}
