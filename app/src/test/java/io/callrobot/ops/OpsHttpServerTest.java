package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

    private final List<LiveCall> live = new CopyOnWriteArrayList<>();
    private final CallMetrics metrics = new CallMetrics(live::size);
    private final RecentCalls recent = new RecentCalls(2);
    private final OkHttpClient client = new OkHttpClient();
    private OpsHttpServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new OpsHttpServer("127.0.0.1", 0, metrics, () -> live, recent).start();
    }

    @AfterEach
    void stop() {
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
        live.add(new LiveCall("u1", "inbound", "assistant-zh", "talking", 10, 1, "", "您好"));
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
        live.add(new LiveCall("live-1", "outbound", "payment-reminder-zh", "listening", 1500, 3, "是我", "您好"));
        Instant now = Instant.now();
        recent.accept(new CallRecord("done-1", "inbound", "*1234", "9000", "assistant-zh", Map.of(), now, now, now,
                "NORMAL_CLEARING", "completed", null, List.of(), List.of(), null, null));
        try (Response r = get("/calls")) {
            assertThat(r.body().string()).contains("\"uuid\":\"live-1\"").contains("listening");
        }
        try (Response r = get("/calls/live-1")) {
            assertThat(r.body().string()).contains("\"turns\":3");
        }
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
                    List.of(), List.of(), null, null));
        }
        assertThat(recent.find("a")).isEmpty();
        assertThat(recent.find("c")).isPresent();
    }
}
