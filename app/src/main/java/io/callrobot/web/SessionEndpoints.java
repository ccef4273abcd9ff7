package io.callrobot.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.web.auth.Account;
import io.callrobot.web.auth.Session;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} with {@code {name, password}} or {@code {token}} (the admin token),
 * {@code POST /api/logout}, and {@code GET /api/session} answering {@code {user, role, seesNumbers,
 * via}}. A login sets the session cookie (HttpOnly) and the CSRF cookie the console's script reads.
 */
final class SessionEndpoints {

    private static final Logger log = LoggerFactory.getLogger(SessionEndpoints.class);

    /** What the dispatcher sends and audits. */
    record Answer(ApiResponse response, List<String> cookies, String user, String detail) {
    }

    private final ApiAccess access;
    private final ObjectMapper json;

    SessionEndpoints(ApiAccess access, ObjectMapper json) {
        this.access = access;
        this.json = json;
    }

    static boolean handles(String path) {
        return switch (path) {
            case "/api/login", "/api/logout", "/api/session" -> true;
            default -> false;
        };
    }

    /** Answers one of the three paths; throws {@link ApiException} for a refusal. */
    Answer handle(AccessRequest request, byte[] body) throws IOException {
        String expected = request.path().equals("/api/session") ? "GET" : "POST";
        if (!request.method().equals(expected)) {
            throw new ApiException(405, null, request.method() + " not allowed on " + request.path() + "; allowed: "
                    + expected);
        }
        return switch (request.path()) {
            case "/api/login" -> login(request, body);
            case "/api/logout" -> logout(request);
            default -> session(request);
        };
    }

    private Answer login(AccessRequest request, byte[] body) throws IOException {
        access.checkOrigin(request);
        Logins logins = access.logins();
        if (!logins.accounts().any()) {
            throw ApiException.notFound("nobody can log in: no users configured (auth.users) and no admin token"
                    + " (CALLROBOT_ADMIN_TOKEN)");
        }
        JsonNode given = body.length == 0 ? null : readJson(body);
        if (given == null || !given.isObject()) {
            throw ApiException.badRequest("body", "expected {\"name\": ..., \"password\": ...} or {\"token\": ...}");
        }
        boolean byToken = given.hasNonNull("token");
        String name = byToken ? "admin" : given.path("name").asText("").strip();
        String password = given.path("password").asText("");
        if (!byToken && (name.isEmpty() || password.isEmpty())) {
            throw ApiException.badRequest(name.isEmpty() ? "name" : "password", (name.isEmpty() ? "name" : "password")
                    + " is missing");
        }
        String client = request.client();
        Duration wait = logins.throttle().wait(client, name);
        if (wait.isPositive()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ApiResponse refused = withHeader(error(429, "too many failed logins: try again in " + seconds + " s"),
                    "Retry-After", Long.toString(seconds)); // RFC 6585 section 4
            return new Answer(refused, List.of(), name, "login refused: back-off " + seconds + " s");
        }
        Optional<Account> account = byToken ? logins.accounts().withAdminToken(given.get("token").asText())
                : logins.accounts().withPassword(name, password.toCharArray());
        if (account.isEmpty()) {
            int failures = logins.throttle().failed(client, name);
            log.warn("failed login as {} from {} ({} in a row)", name, client, failures);
            return new Answer(error(401, byToken ? "wrong admin token" : "wrong name or password"), List.of(), name,
                    "login failed");
        }
        logins.throttle().succeeded(client, name);
        Session session = logins.sessions().create(account.get());
        log.info("{} logged in from {} as {}", session.account().name(), client, session.account().role().id());
        ApiResponse ok = ApiResponse.of(200, "application/json", json.writeValueAsBytes(view(session.account(), "session")));
        return new Answer(ok, List.of(cookie(ApiAccess.SESSION_COOKIE, session.id(), true, false),
                cookie(ApiAccess.CSRF_COOKIE, session.csrf(), false, false)),
                session.account().name(), "logged in as " + session.account().role().id());
    }

    private Answer logout(AccessRequest request) throws IOException {
        ApiUser user = access.check(request);
        access.session(request).ifPresent(s -> access.logins().sessions().end(s.id()));
        log.info("{} logged out from {}", user.name(), request.client());
        return new Answer(ApiResponse.of(200, "application/json", json.writeValueAsBytes(Map.of("loggedOut", true))),
                List.of(cookie(ApiAccess.SESSION_COOKIE, "", true, true), cookie(ApiAccess.CSRF_COOKIE, "", false, true)),
                user.name(), "logged out");
    }

    private Answer session(AccessRequest request) throws IOException {
        ApiUser user = access.check(request);
        String via = access.session(request).isPresent() ? "session" : user.name().equals("token") ? "token" : "loopback";
        ObjectNode out = view(new Account(user.name(), user.role(), user.seesNumbers()), via);
        return new Answer(ApiResponse.of(200, "application/json", json.writeValueAsBytes(out)), List.of(), user.name(), null);
    }

    private ObjectNode view(Account account, String via) {
        return json.createObjectNode().put("user", account.name()).put("role", account.role().id())
                .put("seesNumbers", account.seesNumbers()).put("via", via);
    }

    /**
     * RFC 6265bis section 4.1.2: HttpOnly keeps the session from scripts; SameSite=Strict (section
     * 4.1.2.7) keeps it off requests other sites start; Secure when browsers come over HTTPS.
     */
    private String cookie(String name, String value, boolean httpOnly, boolean expire) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath("/");
        cookie.setHttpOnly(httpOnly);
        cookie.setSecure(access.logins().secureCookies());
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        if (expire) {
            cookie.setMaxAge(0);
        }
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private JsonNode readJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("body", "not readable: " + e.getMessage());
        }
    }

    private ApiResponse error(int status, String message) throws IOException {
        return ApiResponse.of(status, "application/json", json.writeValueAsBytes(Map.of("error", message)));
    }

    private static ApiResponse withHeader(ApiResponse response, String name, String value) {
        return new ApiResponse(response.status(), response.contentType(), Map.of(name, value), response.body());
    }
}
