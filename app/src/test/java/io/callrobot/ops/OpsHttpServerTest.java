package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.config.HttpConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

    private final Calls live = new Calls();
    private CallMetrics metrics;
    private final RecentCalls recent = new RecentCalls(2);
    private final OkHttpClient client = new OkHttpClient();
    private final List<Socket> sockets = new ArrayList<>();
    private OpsHttpServer server;

    /** Calls in progress by uuid; counts how often the whole list is asked for. */
    private static final class Calls implements LiveCalls {
        final Map<String, LiveCall> byUuid = new ConcurrentHashMap<>();
        final AtomicInteger listed = new AtomicInteger();

        void add(LiveCall call) {
            byUuid.put(call.uuid(), call);
        }

        @Override
        public List<LiveCall> liveCalls() {
            listed.incrementAndGet();
            return List.copyOf(byUuid.values());
        }

        @Override
        public Optional<LiveCall> liveCall(String uuid) {
            return Optional.ofNullable(byUuid.get(uuid));
        }
    }

    @BeforeEach
    void start() throws InterruptedException {
        start(new HttpConfig("127.0.0.1", 0, 64, Duration.ofSeconds(60), Duration.ofSeconds(10), 16 * 1024));
    }

    /** Replaces the server; each test's metrics are its own, so counts start at zero. */
    private void start(HttpConfig config) throws InterruptedException {
        if (server != null) {
            server.close();
        }
        metrics = new CallMetrics(live.byUuid::size);
        server = new OpsHttpServer(config, metrics, live, recent, null, null).start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build()).execute();
    }

    @Test
    void healthIsUnavailableUntilReady() throws IOException {
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(503);
        }
        metrics.setReady(true);
        try (Response r = get("/health")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("ready");
        }
    }

    @Test
    void metricsAreInPrometheusFormat() throws IOException {
        live.add(new LiveCall("u1", "inbound", "assistant-zh", null, "13800138000", "9000", "talking", Instant.now(), 10, 1,
                "", "您好", false, true, "", List.of()));
        metrics.callEnded("promise_to_pay");
        TurnLatency turn = new TurnLatency();
        turn.mark(LatencyMark.EOU, 0);
        turn.mark(LatencyMark.ASR_FINAL, 0);
        turn.mark(LatencyMark.TTS_FIRST_TEXT, 1_000_000);
        turn.mark(LatencyMark.TTS_FIRST_AUDIO, 100_000_000);
        turn.mark(LatencyMark.FIRST_FRAME_OUT, 101_000_000);
        metrics.turn(turn);
        try (Response r = get("/metrics")) {
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            assertThat(r.body().string())
                    .contains("callrobot_calls_active 1.0")
                    .contains("callrobot_calls_total{result=\"promise_to_pay\"} 1.0")
                    .contains("callrobot_voice_to_voice_seconds_count 1")
                    .contains("callrobot_robot_overhead_seconds_bucket")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void callsInProgressAndRecentRecords() throws IOException {
        live.add(new LiveCall("live-1", "outbound", "payment-reminder-zh", 7L, "95555", "13800138000", "listening",
                Instant.now(), 1500, 3, "是我", "您好", true, false, "我想", List.of()));
        Instant now = Instant.now();
        recent.accept(new CallRecord("done-1", "inbound", "*1234", "9000", "assistant-zh", Map.of(), now, now, now,
                "NORMAL_CLEARING", "completed", null, List.of(), List.of(), null, null, null, null, null));
        try (Response r = get("/calls")) {
            // no reader to decide for: numbers as the call log masks them
            assertThat(r.body().string()).contains("\"uuid\":\"live-1\"").contains("listening")
                    .contains("\"callee\":\"*******8000\"").doesNotContain("13800138000");
        }
        int listed = live.listed.get();
        try (Response r = get("/calls/live-1")) {
            assertThat(r.body().string()).contains("\"turns\":3");
        }
        assertThat(live.listed.get()).as("one call is looked up, not found in the list").isEqualTo(listed);
        try (Response r = get("/calls/done-1")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("\"result\":\"completed\"");
        }
        try (Response r = get("/calls/unknown")) {
            assertThat(r.code()).isEqualTo(404);
        }
        try (Response r = get("/nothing")) {
            assertThat(r.code()).isEqualTo(404);
        }
    }

    @Test
    void recentCallsKeepOnlyTheNewest() {
        Instant now = Instant.now();
        for (String id : List.of("a", "b", "c")) {
            recent.accept(new CallRecord(id, "inbound", "", "", "f", Map.of(), now, now, now, "X", "r", null,
                    List.of(), List.of(), null, null, null, null, null));
        }
        assertThat(recent.find("a")).isEmpty();
        assertThat(recent.find("c")).isPresent();
    }

    // ---- connection hardening, with raw sockets ------------------------------------------------

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    /** Reads until the server closes the connection; fails if it has not within the socket time-out. */
    private static String readUntilClosed(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private double closed(String reason) {
        Matcher m = Pattern.compile("callrobot_http_connections_closed_total\\{reason=\"" + reason + "\",?\\} (\\S+)")
                .matcher(metrics.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private double open() {
        Matcher m = Pattern.compile("(?m)^callrobot_http_connections_open (\\S+)").matcher(metrics.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(new HttpConfig("127.0.0.1", 0, 64, Duration.ofMillis(300), Duration.ofSeconds(10), 16 * 1024));
        Socket socket = connect();
        long started = System.nanoTime();
        assertThat(readUntilClosed(socket)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        await("the close is counted", () -> closed("idle") == 1);
    }

    @Test
    void aRequestTrickledInIsCutOffAtTheRequestDeadlineThoughNeverIdle() throws Exception {
        start(new HttpConfig("127.0.0.1", 0, 64, Duration.ofMillis(800), Duration.ofMillis(1500), 16 * 1024));
        Socket socket = connect();
        String request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n";
        long started = System.nanoTime();
        Thread slowloris = Thread.ofVirtual().start(() -> {
            try {
                // a byte every 100 ms: never idle for 800 ms, and the whole request would take 23 s
                for (int i = 0; i < request.length(); i++) {
                    send(socket, request.substring(i, i + 1));
                    LockSupport.parkNanos(100_000_000L);
                }
            } catch (IOException closedByTheServer) {
                // the point of the test
            }
        });
        assertThat(readUntilClosed(socket)).as("no answer to a request that never arrived whole").isEmpty();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).isBetween(1400L, 8000L);
        socket.close();
        slowloris.join();
        assertThat(closed("request_timeout")).isEqualTo(1);
        assertThat(closed("idle")).isZero();
    }

    @Test
    void aKeptAliveConnectionGetsTheIdleTimeoutAfterEachResponse() throws Exception {
        start(new HttpConfig("127.0.0.1", 0, 64, Duration.ofMillis(300), Duration.ofSeconds(10), 16 * 1024));
        Socket socket = connect();
        send(socket, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        String answer = readUntilClosed(socket);
        assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: keep-alive");
        await("the close is counted as idle", () -> closed("idle") == 1);
        assertThat(closed("request_timeout")).isZero();
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndOthersStillServed() throws Exception {
        start(new HttpConfig("127.0.0.1", 0, 3, Duration.ofSeconds(60), Duration.ofSeconds(10), 16 * 1024));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(connect());
        }
        await("three connections are open", () -> open() == 3);

        Socket excess = connect();
        long started = System.nanoTime();
        assertThat(readUntilClosed(excess)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        await("the refusal is counted", () -> closed("over_limit") == 1);

        // the held connections are served
        send(held.get(0), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readUntilClosed(held.get(0))).startsWith("HTTP/1.1 503");
        await("a place is free again", () -> open() == 2);
        Socket fresh = connect();
        send(fresh, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readUntilClosed(fresh)).startsWith("HTTP/1.1 503");
        assertThat(closed("over_limit")).isEqualTo(1);
    }

    @Test
    void aNegativeContentLengthIsAnswered400WithConnectionCloseAndTheSocketClosed() throws Exception {
        Socket socket = connect();
        send(socket, "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
        String answer = readUntilClosed(socket);
        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close")
                .doesNotContainIgnoringCase("keep-alive");
        assertThat(closed("bad_request")).isEqualTo(1);
    }

    @Test
    void aBrokenChunkedBodyIsAnswered400WithConnectionCloseAndTheSocketClosed() throws Exception {
        Socket socket = connect();
        send(socket, "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        String answer = readUntilClosed(socket);
        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
        assertThat(closed("bad_request")).isEqualTo(1);
    }
}
