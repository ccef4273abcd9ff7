package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.media.MediaConfig;
import io.callrobot.media.MediaServer;
import io.callrobot.media.PacerStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CallMetricsTest {

    private final CallMetrics metrics = new CallMetrics(() -> 0);

    @Test
    void pacerStatsAreReadWhenScraped() {
        PacerStats[] now = {new PacerStats(1_000, 500, 0, 3, 4_000_000, 50_000, 1_000_000)};
        metrics.pacer(() -> now[0]);

        assertThat(metrics.scrape())
                .contains("callrobot_pacer_lateness_p50_seconds 5.0E-5")
                .contains("callrobot_pacer_lateness_p99_seconds 0.001")
                .contains("callrobot_pacer_lateness_max_seconds 0.004")
                .contains("callrobot_pacer_resyncs_total 0.0")
                .contains("callrobot_pacer_ticks_total 1000.0")
                .contains("callrobot_pacer_frames_total 500.0")
                .contains("callrobot_pacer_calls 3.0");

        now[0] = new PacerStats(2_000, 900, 2, 1, 90_000_000, 50_000, 2_000_000);
        System.gc(); // the counters must not lose their source to a collection
        assertThat(metrics.scrape())
                .contains("callrobot_pacer_resyncs_total 2.0")
                .contains("callrobot_pacer_ticks_total 2000.0")
                .contains("callrobot_pacer_lateness_max_seconds 0.09");
    }

    @Test
    void aRunningPacerShowsOnTheMetrics() throws Exception {
        try (MediaServer media = new MediaServer(MediaConfig.defaults())) {
            media.start();
            metrics.pacer(media::pacerStats);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (value("callrobot_pacer_ticks_total") < 20) {
                assertThat(System.nanoTime()).as("the pacer ticks within 30 s").isLessThan(deadline);
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(value("callrobot_pacer_lateness_max_seconds")).isPositive();
        }
    }

    private double value(String name) {
        Matcher m = Pattern.compile("^" + name + " (\\S+)$", Pattern.MULTILINE).matcher(metrics.scrape());
        assertThat(m.find()).as(name + " is scraped").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
