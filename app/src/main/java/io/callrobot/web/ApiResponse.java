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

    private static final String CONTENT_LENGTH = "Content-Length";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** A body already in memory. */
    public static ApiResponse of(int status, String contentType, byte[] bytes) {
        return new ApiResponse(status, contentType, Map.of(), out -> out.write(bytes));
    }

    /**
     * A body of exactly {@code length} bytes written while it is sent, with its
     * {@code Content-Length} instead of chunked transfer (a file, or a range of one).
     */
    public static ApiResponse ofLength(int status, String contentType, Map<String, String> headers, long length,
            Body body) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(CONTENT_LENGTH, Long.toString(length));
        return new ApiResponse(status, contentType, all, body);
    }

    /** Whether the body's length is given ({@link #ofLength}). */
    public boolean lengthKnown() {
        return headers.containsKey(CONTENT_LENGTH);
    }

    /** A body written while it is sent (chunked transfer). */
    public static ApiResponse streamed(int status, String contentType, Map<String, String> headers, Body body) {
        return new ApiResponse(status, contentType, headers, body);
    }
}
