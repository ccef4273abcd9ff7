package io.callrobot.web;

/**
 * Where the dispatcher records who changed what: called after the answer went out, on the
 * request's virtual thread; may block on the store, and may throw (the dispatcher logs it).
 */
@FunctionalInterface
public interface AuditTrail {

    /** Records nothing. */
    AuditTrail NONE = (user, method, path, status, detail, client) -> {
    };

    /**
     * @param user   who acted (for a failed login, the name given; {@code anonymous} without credentials)
     * @param status the HTTP status answered
     * @param detail the error message, or what a login did; null when there is nothing to add
     * @param client the client's IP address
     */
    void record(String user, String method, String path, int status, String detail, String client);
}
