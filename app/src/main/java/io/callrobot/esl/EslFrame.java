package io.callrobot.esl;

import java.util.Map;

/**
 * One decoded Event Socket frame: its outer header block (values as sent, not yet URL-decoded)
 * and its {@code Content-Length} body; or a decoding failure, after which the stream is unusable.
 */
public record EslFrame(Map<String, String> headers, String body, Throwable failure) {

    public static EslFrame of(Map<String, String> headers, String body) {
        return new EslFrame(Map.copyOf(headers), body, null);
    }

    public static EslFrame failed(Throwable cause) {
        return new EslFrame(Map.of(), "", cause);
    }

    public boolean isFailure() {
        return failure != null;
    }

    /** The {@code Content-Type} header, e.g. {@code command/reply}; null if absent. */
    public String contentType() {
        return headers.get("Content-Type");
    }
}
