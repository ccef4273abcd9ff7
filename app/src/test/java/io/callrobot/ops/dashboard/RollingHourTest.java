package io.callrobot.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RollingHourTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final RollingHour hour = new RollingHour(now::get);

    private static CallRecord call(String result, String cause, List<String> errors, Map<String, Double> robotTurn) {
        List<TurnRecord> turns = new ArrayList<>();
        turns.add(new TurnRecord(1, "caller", "speech", "你好", null, false, 100, null, null, null));
        if (robotTurn != null) {
            turns.add(new TurnRecord(2, "robot", null, "您好", null, false, 900, robotTurn, null, null));
        }
        return new CallRecord("u", "inbound", "*1234", "9000", "assistant-zh", Map.of(), START, START, START, cause,
                result, null, turns, errors, null, null, null, null, null);
    }

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void countsCallsResultsCausesAndErrorsOfTheLastHourPerMinute() {
        hour.accept(call("promise_to_pay", "NORMAL_CLEARING", List.of(), null));
        hour.accept(call("promise_to_pay", "NORMAL_CLEARING", List.of("asr: connection refused"), null));
        advance(Duration.ofMinutes(10));
        hour.accept(call("error_tts", "NORMAL_TEMPORARY_FAILURE",
                List.of("tts: HTTP 500", "transfer to 8001 failed", "llm: first token timeout"), null));

        HourFigures figures = hour.figures();
        assertThat(figures.calls()).isEqualTo(3);
        assertThat(figures.callsPerMinute()).hasSize(60);
        assertThat(figures.callsPerMinute().get(59)).isEqualTo(new HourFigures.MinuteCount(START.plusSeconds(600), 1));
        assertThat(figures.callsPerMinute().get(49)).isEqualTo(new HourFigures.MinuteCount(START, 2));
        assertThat(figures.from()).isEqualTo(START.plusSeconds(600).minusSeconds(59 * 60));
        assertThat(figures.results()).containsExactlyInAnyOrderEntriesOf(Map.of("promise_to_pay", 2, "error_tts", 1));
        assertThat(figures.hangupCauses())
                .containsExactlyInAnyOrderEntriesOf(Map.of("NORMAL_CLEARING", 2, "NORMAL_TEMPORARY_FAILURE", 1));
        assertThat(figures.errorsByStage())
                .containsExactlyInAnyOrderEntriesOf(Map.of("asr", 1, "tts", 1, "transfer", 1, "llm", 1));

        advance(Duration.ofMinutes(55)); // the first two calls are now more than an hour old
        figures = hour.figures();
        assertThat(figures.calls()).isEqualTo(1);
        assertThat(figures.results()).containsOnlyKeys("error_tts");
        advance(Duration.ofMinutes(60));
        assertThat(hour.figures().calls()).isZero();
        assertThat(hour.figures().voiceToVoice().overall().p50()).isNull();
    }

    @Test
    void latencyPercentilesOverTheHourAndPerFiveMinutes() {
        for (int i = 1; i <= 100; i++) {
            hour.accept(call("completed", "NORMAL_CLEARING", List.of(),
                    Map.of("voice_to_voice", (double) i * 10, "eou", 0.0)));
        }
        hour.accept(call("completed", "NORMAL_CLEARING", List.of(), Map.of("barge_in_stop", 120.0)));
        advance(Duration.ofMinutes(7));
        hour.accept(call("completed", "NORMAL_CLEARING", List.of(), Map.of("voice_to_voice", 5000.0)));

        HourFigures figures = hour.figures();
        HourFigures.Percentiles all = figures.voiceToVoice().overall();
        assertThat(all.count()).isEqualTo(101);
        assertThat(all.p50()).isEqualTo(510.0);
        assertThat(all.p90()).isEqualTo(910.0);
        assertThat(all.p99()).isEqualTo(1000.0);
        List<HourFigures.Percentiles> series = figures.voiceToVoice().series();
        assertThat(series).hasSize(12);
        HourFigures.Percentiles last = series.get(11);
        assertThat(last.count()).isEqualTo(1);
        assertThat(last.p99()).isEqualTo(5000.0);
        assertThat(last.from()).isEqualTo(START.plusSeconds(7 * 60).minusSeconds(4 * 60));
        HourFigures.Percentiles before = series.get(10);
        assertThat(before.count()).isEqualTo(100);
        assertThat(before.p50()).isEqualTo(500.0);
        assertThat(series.get(0).count()).isZero();
        assertThat(figures.bargeInStop().overall().count()).isEqualTo(1);
        assertThat(figures.bargeInStop().overall().p90()).isEqualTo(120.0);
    }
}
