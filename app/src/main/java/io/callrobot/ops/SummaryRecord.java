package io.callrobot.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A call's post-call summary, which the call log appends as a line of its own after the call's
 * record: {@code {"type":"summary","uuid":...,"summary":...}} or {@code {..., "error":...}}. Call
 * records have no {@code type}, which is how readers of the log tell the two apart.
 *
 * @param summary what the LLM answered, null when it failed
 * @param error   why there is no summary, null when there is one
 */
@JsonPropertyOrder({"type", "uuid", "summary", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SummaryRecord(String uuid, String summary, String error) {

    /** The value of {@code type} on a summary's line. */
    public static final String TYPE = "summary";

    public SummaryRecord {
        if ((summary == null) == (error == null)) {
            throw new IllegalArgumentException("a summary record has either a summary or an error");
        }
    }

    /** Tells this line from a call record's. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
