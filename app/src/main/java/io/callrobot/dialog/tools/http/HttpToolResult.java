package io.callrobot.dialog.tools.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an HTTP tool call gave, to send back to the model as the {@code tool} message's content.
 *
 * @param content       JSON text: the API's JSON answer, a non-JSON answer as a JSON string, or
 *                      {@code {"error": "...", "status": 503}} when the call failed
 * @param status        the HTTP status, or 0 when no answer came (invalid arguments, time-out,
 *                      connection failure, call refused by the budget)
 * @param elapsedMillis from the call to its result
 * @param error         null on success, else the failure in words (also in {@code content})
 */
public record HttpToolResult(String content, int status, long elapsedMillis, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** True when the API answered 2xx with a body read in full. */
    public boolean ok() {
        return error == null;
    }

    static HttpToolResult success(String content, int status, long elapsedMillis) {
        return new HttpToolResult(content, status, elapsedMillis, null);
    }

    /** A failure the model can talk about; {@code extra} (may be null) adds fields such as the API's error body. */
    static HttpToolResult failure(String error, int status, long elapsedMillis, ObjectNode extra) {
        ObjectNode content = JSON.createObjectNode().put("error", error);
        if (status > 0) {
            content.put("status", status);
        }
        if (extra != null) {
            content.setAll(extra);
        }
        return new HttpToolResult(content.toString(), status, elapsedMillis, error);
    }

    /** A call the dialog refused to make (the per-call budget), as a result for the model. */
    public static HttpToolResult refused(String why) {
        return failure(why, 0, 0, null);
    }
}
