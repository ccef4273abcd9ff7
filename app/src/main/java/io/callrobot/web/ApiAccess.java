package io.callrobot.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use the API: with a token configured ({@code CALLROBOT_API_TOKEN}), a request must carry
 * {@code Authorization: Bearer <token>} (RFC 6750 section 2.1); without one, only clients on the
 * loopback interface are served, so a server bound to 0.0.0.0 by mistake exposes nothing.
 */
public final class ApiAccess {

    private final Optional<byte[]> token;

    public ApiAccess(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** The user a request acts as; throws a 401 or 403 {@link ApiException} unless it may go on. */
    ApiUser check(String authorization, SocketAddress peer) {
        if (token.isPresent()) {
            String given = authorization == null ? "" : authorization.strip();
            // RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235)
            if (given.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token.get(), given.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                return new ApiUser("token", true);
            }
            throw new ApiException(401, null, given.isEmpty() ? "missing bearer token" : "wrong bearer token");
        }
        if (!(peer instanceof InetSocketAddress address) || !isLoopback(address.getAddress())) {
            throw new ApiException(403, null,
                    "no API token configured (CALLROBOT_API_TOKEN): the API answers only on loopback");
        }
        return new ApiUser("local", true);
    }

    private static boolean isLoopback(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }
}
