package io.callrobot.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers: a status, a content type, extra headers and a body that writes itself to
 * the connection (a few bytes, or a whole campaign's results streamed as they are read).
 */
public record ApiResponse(int status, String contentType, Map<String, String> headers, Body body) {

    /** Writes the body; called once, on the handler's thread, with a stream that sends as it fills. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** A body already in memory. */
    public static ApiResponse of(int status, String contentType, byte[] bytes) {
        return new ApiResponse(status, contentType, Map.of(), out -> out.write(bytes));
    }

    /** A body written while it is sent (chunked transfer). */
    public static ApiResponse streamed(int status, String contentType, Map<String, String> headers, Body body) {
        return new ApiResponse(status, contentType, headers, body);
    }
}
