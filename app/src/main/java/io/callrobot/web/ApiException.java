package io.callrobot.web;

/**
 * A request the API refuses: the status to answer and, where one input is at fault, the field that
 * names it (e.g. {@code window.hours[1]}), which the answer carries as JSON.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: the request's content is wrong. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    /** 404: what the path names does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }

    /** 409: the request conflicts with the current state (e.g. starting a stopped campaign). */
    public static ApiException conflict(String message) {
        return new ApiException(409, null, message);
    }

    public int status() {
        return status;
    }

    /** The input at fault, or null when the request as a whole is. */
    public String field() {
        return field;
    }
}
