package io.callrobot.store;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param userName      who acted (for a failed login, the name given)
 * @param status        the HTTP status answered
 * @param detail        the error message, or what a login did; may be null
 * @param clientAddress the client's IP address; may be null
 */
public record AuditEntry(long id, Instant at, String userName, String method, String path, int status,
        String detail, String clientAddress) {
}
