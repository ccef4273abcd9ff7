package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignFiguresTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static AttemptRow attempt(int i, String outcome, long createdMs, Long answeredMs, long endedMs) {
        return new AttemptRow("u" + i, 1, i, "robot", "job" + i, "1390000" + i, null, AttemptState.ENDED, outcome,
                null, null, T0.plusMillis(createdMs), answeredMs == null ? null : T0.plusMillis(answeredMs),
                T0.plusMillis(endedMs), 0L);
    }

    @Test
    void ratesCpuAndLatenciesComeFromTheStoredTimes() {
        List<AttemptRow> attempts = new ArrayList<>();
        // 100 busy attempts started 10 ms apart from 100 ms after the start, each ending i ms after it began
        for (int i = 0; i < 100; i++) {
            attempts.add(attempt(i, "busy", 100 + 10L * i, null, 100 + 10L * i + (i + 1)));
        }
        // answered: one with its answer time, one whose record came first (no answered_at)
        attempts.add(attempt(100, "answered", 1090, 1130L, 1200));
        attempts.add(attempt(101, "answered", 1090, null, 2100));

        CampaignFigures f = CampaignFigures.of(102, attempts, T0, T0.plusSeconds(4), Duration.ofMillis(1020), 0.05);

        assertThat(f.attempts()).isEqualTo(102);
        assertThat(f.outcomes()).isEqualTo(Map.of("busy", 100L, "answered", 2L));
        assertThat(f.settleSeconds()).isCloseTo(2.1, within(1e-9));
        assertThat(f.settledPerSecond()).isCloseTo(102 / 2.1, within(1e-9));
        assertThat(f.completedSeconds()).isCloseTo(4.0, within(1e-9));
        // 101 gaps between the first start (0.1 s) and the last (1.09 s)
        assertThat(f.attemptsPerSecond()).isCloseTo(101 / 0.99, within(1e-9));
        assertThat(f.cpuMillisPerAttempt()).isCloseTo(10.0, within(1e-9));
        // less 0.05 cores over the 4 s to completion: 200 ms
        assertThat(f.netCpuMillisPerAttempt()).isCloseTo(820.0 / 102, within(1e-9));
        // nearest rank over 1..100 ms
        assertThat(f.endedMillis()).isEqualTo(new CampaignFigures.Percentiles(50, 99, 100));
        assertThat(f.answeredMillis()).isEqualTo(new CampaignFigures.Percentiles(40, 40, 1));
    }

    @Test
    void printsEveryFigure() {
        CampaignFigures f = CampaignFigures.of(1, List.of(attempt(0, "invalid_number", 0, null, 20)), T0,
                T0.plusSeconds(2), Duration.ofMillis(5), 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        f.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("contacts 1, attempts 1, outcomes {invalid_number=1}")
                .contains("contacts settled per second   50.0").contains("attempts started per second   NaN")
                .contains("robot CPU per attempt         5.00 ms").contains("p50 20.0  p99 20.0 ms  (n=1, not answered)")
                .doesNotContain("answered   p50");
    }

    @Test
    void refusesACampaignWithoutAttemptsOrWithOneInFlight() {
        assertThatThrownBy(() -> CampaignFigures.of(1, List.of(), T0, T0, Duration.ZERO, 0))
                .hasMessageContaining("no attempts");
        AttemptRow ringing = new AttemptRow("u9", 1, 9, "robot", null, "13900009", null, AttemptState.ORIGINATING,
                null, null, null, T0, null, null, null);
        assertThatThrownBy(() -> CampaignFigures.of(1, List.of(ringing), T0, T0, Duration.ZERO, 0))
                .hasMessageContaining("u9 has not ended");
    }
}
