package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.MediaStats;
import io.callrobot.media.PacerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana/callrobot.json asks Prometheus only for series the robot's /metrics exposes. */
class GrafanaDashboardTest {

    private static final Pattern SERIES = Pattern.compile("\\b((?:callrobot|jvm)_[a-z0-9_]+)");

    @Test
    void everySeriesTheDashboardQueriesIsExposed() throws Exception {
        Path file = Path.of(System.getProperty("basedir", ".")).resolve("../docs/grafana/callrobot.json").normalize();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file));
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        assertThat(expressions).hasSizeGreaterThan(20);
        TreeSet<String> queried = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = SERIES.matcher(expression);
            while (m.find()) {
                queried.add(m.group(1));
            }
        }

        // every meter registered, as a running robot with a dialer registers them
        CallMetrics metrics = new CallMetrics(() -> 2);
        metrics.callEnded("completed");
        TurnLatency turn = new TurnLatency();
        turn.mark(LatencyMark.EOU, 0);
        turn.mark(LatencyMark.ASR_FINAL, 0);
        turn.mark(LatencyMark.TTS_FIRST_TEXT, 1_000_000);
        turn.mark(LatencyMark.TTS_FIRST_AUDIO, 2_000_000);
        turn.mark(LatencyMark.FIRST_FRAME_OUT, 3_000_000);
        turn.ttsChunk(true);
        metrics.turn(turn);
        metrics.bargeIn("interrupted");
        metrics.bargeInStop(80_000_000);
        metrics.error("tts");
        metrics.callMedia(new MediaStats(10, 3200, 0, 0, 0, 500, 0, 3, 0, 0, 0));
        metrics.pacer(() -> new PacerStats(1000, 500, 1, 2, 90_000, 10_000, 50_000));
        metrics.promptCache(() -> 1024, () -> 0);
        metrics.asrSkippedUtterances(() -> 0);
        metrics.storedCallRecords(() -> 1, () -> 0, () -> 0, () -> 0);
        metrics.httpConnections(() -> 1);
        metrics.httpConnectionClosed("idle");
        metrics.dialerInFlight(() -> 1);
        metrics.setReady(true);
        String scrape = metrics.scrape();

        assertThat(queried).contains("callrobot_voice_to_voice_seconds_bucket", "callrobot_media_underruns_total",
                "callrobot_dialer_in_flight", "callrobot_errors_total");
        for (String series : queried) {
            assertThat(scrape).as(series).containsPattern("(?m)^" + series + "[{ ]");
        }
        assertThat(scrape).contains("callrobot_media_underruns_total 3.0").contains("callrobot_media_frames_out_total 500.0");
    }
}
