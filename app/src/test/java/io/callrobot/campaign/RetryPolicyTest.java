package io.callrobot.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant ENDED = Instant.parse("2026-12-07T02:00:00Z"); // Monday 10:00 in Shanghai
    private static final CallWindow ALWAYS = CallWindow.of(new WindowSettings(SHANGHAI, EnumSet.allOf(DayOfWeek.class),
            List.of(HourRange.parse("00:00-24:00")), List.of(), List.of()));

    private final RetrySettings settings = new RetrySettings(RetryRule.after(10), RetryRule.after(60),
            RetryRule.after(120), null, RetryRule.after(30),
            Map.of("callback", new RetryRule(1440, 2), "promised", RetryRule.after(4320)), 3, 30);
    private final RetryPolicy policy = new RetryPolicy(settings, ALWAYS);

    @ParameterizedTest(name = "{0} {1} after {2} attempts: {3} {4}")
    @CsvSource(nullValues = "-", textBlock = """
            answered,       -,        1, done,  FINAL
            answered,       refused,  1, done,  FINAL
            answered,       callback, 1, 1440,  results.callback
            answered,       callback, 2, done,  ATTEMPTS_EXHAUSTED
            answered,       promised, 2, 4320,  results.promised
            answered,       promised, 3, done,  ATTEMPTS_EXHAUSTED
            busy,           -,        1, 10,    busy
            busy,           -,        2, 10,    busy
            busy,           -,        3, done,  ATTEMPTS_EXHAUSTED
            no_answer,      -,        1, 60,    noAnswer
            no_answer,      -,        3, done,  ATTEMPTS_EXHAUSTED
            unreachable,    -,        1, 120,   unreachable
            rejected,       -,        1, done,  FINAL
            failed,         -,        2, 30,    failed
            invalid_number, -,        1, done,  FINAL
            no_answer,      callback, 1, 1440,  results.callback
            answered,       unreachable,    1, 120,  unreachable
            answered,       machine,        1, 60,   noAnswer
            answered,       call_secretary, 2, 60,   noAnswer
            answered,       machine,        3, done, ATTEMPTS_EXHAUSTED
            answered,       invalid_number, 1, done, FINAL
            answered,       machine_message_left, 1, done, FINAL
            """)
    void decisions(String outcome, String result, int attempts, String after, String ruleOrReason) {
        RetryDecision decision = policy.decide(AttemptOutcome.parse(outcome), result, attempts, ENDED);
        if (after.equals("done")) {
            assertThat(decision).isEqualTo(new RetryDecision.Done(AttemptOutcome.parse(outcome), result,
                    RetryDecision.Reason.valueOf(ruleOrReason)));
        } else {
            assertThat(decision).isEqualTo(new RetryDecision.Retry(
                    ENDED.plus(Duration.ofMinutes(Long.parseLong(after))), ruleOrReason, true));
        }
    }

    @Test
    void aThrottledAttemptIsRetriedSoonAndUncounted() {
        assertThat(policy.decide(AttemptOutcome.THROTTLED, null, 0, ENDED))
                .isEqualTo(new RetryDecision.Retry(ENDED.plusSeconds(30), "throttled", false));
        // whatever the count: the switch, not the callee, refused it
        assertThat(policy.decide(AttemptOutcome.THROTTLED, null, 3, ENDED))
                .isEqualTo(new RetryDecision.Retry(ENDED.plusSeconds(30), "throttled", false));
    }

    @Test
    void aRetryOutsideTheWindowMovesToItsNextOpening() {
        RetryPolicy inWindow = new RetryPolicy(settings, CallWindow.of(WindowSettings.defaults()));
        Instant fridayEvening = LocalDateTime.parse("2026-12-11T19:55").atZone(SHANGHAI).toInstant();
        assertThat(inWindow.decide(AttemptOutcome.BUSY, null, 1, fridayEvening)).isEqualTo(new RetryDecision.Retry(
                LocalDateTime.parse("2026-12-14T09:00").atZone(SHANGHAI).toInstant(), "busy", true));
        Instant beforeLunch = LocalDateTime.parse("2026-12-07T11:55").atZone(SHANGHAI).toInstant();
        assertThat(inWindow.decide(AttemptOutcome.BUSY, null, 1, beforeLunch)).isEqualTo(new RetryDecision.Retry(
                LocalDateTime.parse("2026-12-07T14:00").atZone(SHANGHAI).toInstant(), "busy", true));
        Instant morning = LocalDateTime.parse("2026-12-07T10:00").atZone(SHANGHAI).toInstant();
        assertThat(inWindow.decide(AttemptOutcome.BUSY, null, 1, morning))
                .isEqualTo(new RetryDecision.Retry(morning.plusSeconds(600), "busy", true));
    }

    @Test
    void noRetryWhenTheWindowNeverOpensAgain() {
        CallWindow lastDay = CallWindow.of(new WindowSettings(SHANGHAI, EnumSet.noneOf(DayOfWeek.class),
                List.of(HourRange.parse("09:00-12:00")), List.of(), List.of(LocalDate.of(2026, 12, 7))));
        Instant lateMorning = LocalDateTime.parse("2026-12-07T11:30").atZone(SHANGHAI).toInstant();
        assertThat(new RetryPolicy(settings, lastDay).decide(AttemptOutcome.NO_ANSWER, null, 1, lateMorning))
                .isEqualTo(new RetryDecision.Done(AttemptOutcome.NO_ANSWER, null, RetryDecision.Reason.WINDOW_CLOSED));
    }

    @Test
    void aRulesOwnLimitCanBeLowerThanTheSections() {
        RetrySettings strict = new RetrySettings(new RetryRule(10, 1), null, null, null, null, Map.of(), 3, 30);
        assertThat(new RetryPolicy(strict, ALWAYS).decide(AttemptOutcome.BUSY, null, 1, ENDED))
                .isInstanceOf(RetryDecision.Done.class);
        assertThat(new RetryPolicy(strict, ALWAYS).decide(AttemptOutcome.NO_ANSWER, null, 1, ENDED))
                .isEqualTo(new RetryDecision.Done(AttemptOutcome.NO_ANSWER, null, RetryDecision.Reason.FINAL));
    }

    @Test
    void attemptsMustCountTheAttemptJustMade() {
        assertThatThrownBy(() -> policy.decide(AttemptOutcome.BUSY, null, 0, ENDED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts must count this busy attempt, got 0");
    }

    @Test
    void outcomesAreSpelledInSnakeCase() {
        assertThat(AttemptOutcome.NO_ANSWER.id()).isEqualTo("no_answer");
        assertThat(AttemptOutcome.parse("invalid_number")).isEqualTo(AttemptOutcome.INVALID_NUMBER);
        assertThatThrownBy(() -> AttemptOutcome.parse("NoAnswer")).hasMessageStartingWith("unknown attempt outcome");
    }
}
