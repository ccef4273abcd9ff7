package io.callrobot.web;

import io.callrobot.web.auth.Role;
import io.callrobot.web.auth.Session;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the API, and what they may do. A request acts as:
 * <ul>
 * <li>the admin {@code token}, with {@code Authorization: Bearer <token>} (RFC 6750 section 2.1,
 *     {@code CALLROBOT_API_TOKEN}) for scripts: no cookies, so no CSRF check;</li>
 * <li>a logged-in user, with the {@code callrobot_session} cookie; a request that changes something
 *     must repeat the session's CSRF token in {@code X-CSRF-Token};</li>
 * <li>the admin {@code local}, on loopback when no login is required and no token is configured,
 *     so a server bound to 0.0.0.0 by mistake exposes nothing.</li>
 * </ul>
 * Then the role decides: reading needs any user, changing needs an operator or admin, and the
 * audit log and users an admin. A request that changes something and names an {@code Origin} other
 * than the server's own is refused, whoever sends it.
 */
public final class ApiAccess {

    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "callrobot_session";
    /** The cookie the console's script reads the CSRF token from. */
    public static final String CSRF_COOKIE = "callrobot_csrf";
    /** The header that must repeat the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Optional<byte[]> token;
    private final Logins logins;

    /** Loopback and the bearer token only: nobody logs in. */
    public ApiAccess(Optional<String> token) {
        this(token, Logins.none());
    }

    public ApiAccess(Optional<String> token, Logins logins) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.logins = logins;
    }

    Logins logins() {
        return logins;
    }

    /** The user of a request with only a bearer token and a peer (a GET). */
    ApiUser check(String authorization, SocketAddress peer) {
        return check(AccessRequest.of("GET", "/api", authorization, peer));
    }

    /** The user a request acts as; throws a 401 or 403 {@link ApiException} unless it may go on. */
    ApiUser check(AccessRequest request) {
        ApiUser user = authenticate(request);
        authorize(user, request);
        return user;
    }

    /** The session a request's cookie names, if it is live. */
    Optional<Session> session(AccessRequest request) {
        return cookie(request.cookie(), SESSION_COOKIE).flatMap(id -> logins.sessions().find(id));
    }

    /**
     * OWASP CSRF Prevention Cheat Sheet, "Verifying Origin With Standard Headers": a state-changing
     * request whose Origin (RFC 6454) is not this server's is refused. Only the authority is
     * compared, since a TLS proxy in front changes the scheme the browser used.
     */
    void checkOrigin(AccessRequest request) {
        if (!request.changes() || request.origin() == null) {
            return;
        }
        String authority = null;
        try {
            authority = new URI(request.origin().strip()).getRawAuthority();
        } catch (URISyntaxException e) {
            // answered below
        }
        if (authority == null || request.host() == null
                || !authority.toLowerCase(Locale.ROOT).equals(request.host().strip().toLowerCase(Locale.ROOT))) {
            throw new ApiException(403, "Origin", "request from another origin refused: Origin " + request.origin()
                    + " is not this server (Host " + request.host() + ")");
        }
    }

    /** Who sent the request (checking its origin and CSRF token); throws a 401 or 403 {@link ApiException}. */
    ApiUser authenticate(AccessRequest request) {
        checkOrigin(request);
        String given = request.authorization() == null ? "" : request.authorization().strip();
        if (token.isPresent() && !given.isEmpty()) {
            // RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235)
            if (given.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token.get(), given.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                return new ApiUser("token", true, Role.ADMIN);
            }
            throw new ApiException(401, null, "wrong bearer token");
        }
        Optional<String> sessionId = cookie(request.cookie(), SESSION_COOKIE);
        if (sessionId.isPresent()) {
            Optional<Session> session = logins.sessions().find(sessionId.get());
            if (session.isPresent()) {
                checkCsrf(request, session.get());
                return new ApiUser(session.get().account().name(), session.get().account().seesNumbers(),
                        session.get().account().role());
            }
            if (logins.required() || token.isPresent()) {
                throw new ApiException(401, null, "the session has ended; log in again");
            }
        }
        if (logins.required()) {
            throw new ApiException(401, null, "log in first (POST /api/login) or send the bearer token");
        }
        if (token.isPresent()) {
            throw new ApiException(401, null, "missing bearer token");
        }
        if (!(request.peer() instanceof InetSocketAddress address) || !isLoopback(address.getAddress())) {
            throw new ApiException(403, null,
                    "no API token configured (CALLROBOT_API_TOKEN): the API answers only on loopback");
        }
        return new ApiUser("local", true, Role.ADMIN);
    }

    /** OWASP CSRF Prevention Cheat Sheet, "Synchronizer Token Pattern": the header must repeat the token kept with the session. */
    private static void checkCsrf(AccessRequest request, Session session) {
        if (!request.changes()) {
            return;
        }
        if (request.csrf() == null || request.csrf().isBlank()) {
            throw new ApiException(403, CSRF_HEADER, "missing " + CSRF_HEADER + " header (the " + CSRF_COOKIE
                    + " cookie's value)");
        }
        if (!MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                request.csrf().strip().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, CSRF_HEADER, CSRF_HEADER + " does not match this session's token");
        }
    }

    /** Whether {@code user} may do what the request asks; throws a 403 {@link ApiException} if not. */
    static void authorize(ApiUser user, AccessRequest request) {
        String path = request.path();
        if ((under(path, "/api/audit") || under(path, "/api/users")) && user.role() != Role.ADMIN) {
            throw new ApiException(403, null, "only an admin may use " + path + "; " + user.name() + " is "
                    + user.role().id());
        }
        if (request.changes() && user.role() == Role.VIEWER && !path.equals("/api/logout")) {
            throw new ApiException(403, null, user.name() + " is a viewer and may only read; " + request.method()
                    + " " + path + " needs an operator or admin");
        }
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The value of cookie {@code name} in a {@code Cookie} header (RFC 6265 section 5.4). */
    static Optional<String> cookie(String header, String name) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (cookie.name().equals(name) && !cookie.value().isEmpty()) {
                return Optional.of(cookie.value());
            }
        }
        return Optional.empty();
    }

    private static boolean isLoopback(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }
}
