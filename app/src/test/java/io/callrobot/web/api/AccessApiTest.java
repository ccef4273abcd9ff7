package io.callrobot.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.ops.OpsHttpServer;
import io.callrobot.store.CallRecordRow;
import io.callrobot.store.NewContact;
import io.callrobot.store.Store;
import io.callrobot.store.StoreConfig;
import io.callrobot.web.ApiAccess;
import io.callrobot.web.ApiDispatcher;
import io.callrobot.web.Logins;
import io.callrobot.web.auth.Account;
import io.callrobot.web.auth.Accounts;
import io.callrobot.web.auth.LoginThrottle;
import io.callrobot.web.auth.PasswordHash;
import io.callrobot.web.auth.Role;
import io.callrobot.web.auth.Sessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins over real HTTP with a real store behind the API: cookies, CSRF and Origin checks, roles,
 * masked numbers, back-off and the audit log.
 */
class AccessApiTest {

    private static final String CAMPAIGN = """
            {"name": "提醒", "flow": "payment-reminder-zh", "dialString": "loopback/${phone}/default"}
            """;

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T01:00:00Z"));
    private final List<String> audited = Collections.synchronizedList(new ArrayList<>());
    private Store store;
    private OpsHttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(StoreConfig.embedded(dir), Clock.systemUTC());
        Accounts accounts = new Accounts(List.of(user("root", Role.ADMIN, false), user("ops", Role.OPERATOR, false),
                user("viewer", Role.VIEWER, false)), Optional.of("admin-secret"));
        Logins logins = new Logins(true, accounts, new Sessions(now::get, Duration.ofMinutes(30), Duration.ofHours(12)),
                new LoginThrottle(now::get, Duration.ofSeconds(1), Duration.ofSeconds(30)), false);
        server = ApiTestServer.start(new ApiDispatcher(CampaignApi.routes(store, () -> Set.of("payment-reminder-zh"), () -> { }, dir.resolve("recordings")),
                        new ApiAccess(Optional.of("script-token"), logins), json, handlers,
                        (user, method, path, status, detail, client) -> {
                            store.audit().add(user, method, path, status, detail, client);
                            audited.add(user + " " + method + " " + path + " " + status);
                        }));
        base = "http://127.0.0.1:" + server.port();
    }

    private static Accounts.User user(String name, Role role, boolean seesNumbers) {
        return new Accounts.User(new Account(name, role, seesNumbers),
                PasswordHash.create((name + "-pw").toCharArray(), PasswordHash.MIN_ITERATIONS));
    }

    @AfterEach
    void stop() {
        server.close();
        handlers.close();
        store.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> response) {
        String cookie(String name) {
            return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                    .findFirst().orElse("");
        }

        String error() {
            return body == null ? response.body() : body.path("error").asText();
        }
    }

    /** headers: name, value pairs. */
    private Answer send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? json.readTree(response.body()) : null;
        return new Answer(response.statusCode(), node, response);
    }

    /** A logged-in browser: its cookie header and CSRF token. */
    private record Browser(String cookies, String csrf) {
    }

    private Browser login(String name) throws Exception {
        Answer answer = send("POST", "/api/login", "{\"name\": \"" + name + "\", \"password\": \"" + name + "-pw\"}");
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
        String session = answer.cookie(ApiAccess.SESSION_COOKIE);
        String csrf = answer.cookie(ApiAccess.CSRF_COOKIE);
        String sessionValue = session.substring(session.indexOf('=') + 1, session.indexOf(';'));
        String csrfValue = csrf.substring(csrf.indexOf('=') + 1, csrf.indexOf(';'));
        return new Browser(ApiAccess.SESSION_COOKIE + "=" + sessionValue + "; " + ApiAccess.CSRF_COOKIE + "=" + csrfValue,
                csrfValue);
    }

    @Test
    void aLoginSetsAStrictHttpOnlySessionCookieAndAReadableCsrfCookie() throws Exception {
        assertThat(send("GET", "/api/session", null).status()).isEqualTo(401);
        assertThat(send("GET", "/api/campaigns", null).status()).isEqualTo(401);
        Answer answer = send("POST", "/api/login", "{\"name\": \"ops\", \"password\": \"ops-pw\"}");
        assertThat(answer.body().path("role").asText()).isEqualTo("operator");
        assertThat(answer.cookie("callrobot_session")).containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContainIgnoringCase("Secure");
        assertThat(answer.cookie("callrobot_csrf")).contains("SameSite=Strict").doesNotContainIgnoringCase("HttpOnly");
        Browser ops = login("ops");
        JsonNode session = send("GET", "/api/session", null, "Cookie", ops.cookies()).body();
        assertThat(session.path("user").asText()).isEqualTo("ops");
        assertThat(session.path("seesNumbers").asBoolean()).isFalse();
        assertThat(session.path("via").asText()).isEqualTo("session");

        Answer token = send("POST", "/api/login", "{\"token\": \"admin-secret\"}");
        assertThat(token.body().path("user").asText()).isEqualTo("admin");
        assertThat(token.body().path("role").asText()).isEqualTo("admin");

        Answer out = send("POST", "/api/logout", "", "Cookie", ops.cookies(), "X-CSRF-Token", ops.csrf());
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.cookie("callrobot_session")).contains("Max-Age=0");
        assertThat(send("GET", "/api/session", null, "Cookie", ops.cookies()).error()).contains("session has ended");
    }

    @Test
    void aStateChangeByCookieNeedsTheSessionsCsrfTokenButTheBearerTokenDoesNot() throws Exception {
        Browser ops = login("ops");
        Answer missing = send("POST", "/api/campaigns", CAMPAIGN, "Cookie", ops.cookies());
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body().path("field").asText()).isEqualTo("X-CSRF-Token");
        assertThat(missing.error()).startsWith("missing X-CSRF-Token header");
        Browser other = login("root");
        Answer wrong = send("POST", "/api/campaigns", CAMPAIGN, "Cookie", ops.cookies(), "X-CSRF-Token", other.csrf());
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo("X-CSRF-Token does not match this session's token");
        assertThat(send("GET", "/api/campaigns", null, "Cookie", ops.cookies()).body().path("campaigns")).isEmpty();

        Answer right = send("POST", "/api/campaigns", CAMPAIGN, "Cookie", ops.cookies(), "X-CSRF-Token", ops.csrf(),
                "Origin", base);
        assertThat(right.status()).as(right.response().body()).isEqualTo(201);
        Answer script = send("POST", "/api/campaigns", CAMPAIGN, "Authorization", "Bearer script-token");
        assertThat(script.status()).isEqualTo(201);

        Answer foreign = send("POST", "/api/campaigns", CAMPAIGN, "Cookie", ops.cookies(), "X-CSRF-Token", ops.csrf(),
                "Origin", "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.error()).contains("Origin https://evil.example is not this server");
        assertThat(send("POST", "/api/login", "{\"name\": \"ops\", \"password\": \"ops-pw\"}", "Origin", "null").status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/campaigns", null, "Authorization", "Bearer script-token").body().path("campaigns"))
                .hasSize(2);
    }

    @Test
    void aViewerOnlyReadsAndOnlyAnAdminReadsTheAuditLog() throws Exception {
        Browser viewer = login("viewer");
        Answer refused = send("POST", "/api/campaigns", CAMPAIGN, "Cookie", viewer.cookies(), "X-CSRF-Token", viewer.csrf());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("viewer is a viewer and may only read; POST /api/campaigns needs an operator or admin");
        assertThat(send("GET", "/api/campaigns", null, "Cookie", viewer.cookies()).status()).isEqualTo(200);

        Browser ops = login("ops");
        Answer audit = send("GET", "/api/audit", null, "Cookie", ops.cookies());
        assertThat(audit.status()).isEqualTo(403);
        assertThat(audit.error()).isEqualTo("only an admin may use /api/audit; ops is operator");

        Browser root = login("root");
        JsonNode entries = send("GET", "/api/audit?limit=2", null, "Cookie", root.cookies()).body();
        assertThat(entries.path("entries")).hasSize(2);
        assertThat(entries.path("entries").get(0).path("detail").asText()).isEqualTo("logged in as admin");
        assertThat(entries.path("entries").get(1).path("user").asText()).isEqualTo("ops");
        long next = entries.path("next").asLong();
        JsonNode older = send("GET", "/api/audit?before=" + next, null, "Cookie", root.cookies()).body();
        assertThat(older.path("entries")).extracting(e -> e.path("user").asText() + " " + e.path("status").asInt())
                .containsExactly("viewer 403", "viewer 200");
        assertThat(older.path("entries").get(1).path("client").asText()).isEqualTo("127.0.0.1");
        assertThat(older.path("next").isNull()).isTrue();
        assertThat(send("GET", "/api/audit?limit=0", null, "Cookie", root.cookies()).body().path("field").asText())
                .isEqualTo("limit");
    }

    @Test
    void numbersAreMaskedInCallsAndResultsForAViewerAndWholeForAnAdmin() throws Exception {
        long campaign = store.campaigns().create(io.callrobot.campaign.CampaignRecords.toNew(
                io.callrobot.campaign.CampaignSettingsJson.read(json.readTree(CAMPAIGN), Set.of("payment-reminder-zh")))).id();
        store.contacts().add(campaign, List.of(new NewContact("+8613800138000", "{}", 2)));
        Instant t = Instant.parse("2026-12-03T02:00:00Z");
        store.callRecords().save(new CallRecordRow("call-1", campaign, null, "outbound", "4000100100", "13800138000",
                "payment-reminder-zh", t, t, t.plusSeconds(30), 30_000, "promise_to_pay", "NORMAL_CLEARING",
                "{\"uuid\":\"call-1\",\"caller\":\"4000100100\",\"callee\":\"13800138000\"}", "robot: 您好\n"));

        Browser viewer = login("viewer");
        JsonNode calls = send("GET", "/api/calls", null, "Cookie", viewer.cookies()).body().path("calls");
        assertThat(calls.get(0).path("callee").asText()).isEqualTo("138****8000");
        assertThat(calls.get(0).path("caller").asText()).isEqualTo("400****0100");
        JsonNode detail = send("GET", "/api/calls/call-1", null, "Cookie", viewer.cookies()).body();
        assertThat(detail.path("callee").asText()).isEqualTo("138****8000");
        String csv = send("GET", "/api/campaigns/" + campaign + "/results.csv", null, "Cookie", viewer.cookies())
                .response().body();
        assertThat(csv).contains("+86****8000").doesNotContain("13800138000");

        Browser root = login("root");
        assertThat(send("GET", "/api/calls", null, "Cookie", root.cookies()).body().path("calls").get(0)
                .path("callee").asText()).isEqualTo("13800138000");
        assertThat(send("GET", "/api/campaigns/" + campaign + "/results.csv", null, "Cookie", root.cookies())
                .response().body()).contains("+8613800138000");
    }

    @Test
    void failedLoginsAreSlowedPerNameAndAudited() throws Exception {
        Answer wrong = send("POST", "/api/login", "{\"name\": \"ops\", \"password\": \"guess\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("wrong name or password");
        Answer throttled = send("POST", "/api/login", "{\"name\": \"ops\", \"password\": \"ops-pw\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.response().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(send("POST", "/api/login", "{\"name\": \"nobody\", \"password\": \"x\"}").status())
                .as("the address waits too").isEqualTo(429);
        now.set(now.get().plusSeconds(1));
        assertThat(send("POST", "/api/login", "{\"name\": \"ops\", \"password\": \"ops-pw\"}").status()).isEqualTo(200);
        assertThat(send("POST", "/api/login", "{\"name\": \"ops\"}").body().path("field").asText()).isEqualTo("password");
        assertThat(send("GET", "/api/login", null).status()).isEqualTo(405);
        // audited after the answer went out: wait for the last one
        org.awaitility.Awaitility.await().until(() -> audited.size() == 5);
        assertThat(audited).containsExactlyInAnyOrder("ops POST /api/login 401", "ops POST /api/login 429",
                "nobody POST /api/login 429", "ops POST /api/login 200", "anonymous POST /api/login 400");
    }
}
