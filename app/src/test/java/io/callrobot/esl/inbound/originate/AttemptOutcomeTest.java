package io.callrobot.esl.inbound.originate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttemptOutcomeTest {

    @ParameterizedTest
    @CsvSource({
            "NO_ANSWER, NO_ANSWER", "NO_USER_RESPONSE, NO_ANSWER", "PROGRESS_TIMEOUT, NO_ANSWER",
            "USER_BUSY, BUSY",
            "UNALLOCATED_NUMBER, INVALID_NUMBER", "INVALID_NUMBER_FORMAT, INVALID_NUMBER", "NO_ROUTE_DESTINATION, INVALID_NUMBER",
            "SUBSCRIBER_ABSENT, UNREACHABLE", "NETWORK_OUT_OF_ORDER, UNREACHABLE", "RECOVERY_ON_TIMER_EXPIRE, UNREACHABLE",
            "CALL_REJECTED, REJECTED", "UNWANTED, REJECTED",
            "NORMAL_TEMPORARY_FAILURE, SWITCH_FAILURE", "DESTINATION_OUT_OF_ORDER, SWITCH_FAILURE", "SWITCH_CONGESTION, SWITCH_FAILURE",
            "NORMAL_CLEARING, FAILED", "INCOMPATIBLE_DESTINATION, FAILED", "ORIGINATOR_CANCEL, FAILED", "'', FAILED"})
    void causesAreClassified(String cause, AttemptOutcome outcome) {
        assertThat(AttemptOutcome.classify(cause, false)).isEqualTo(outcome);
    }

    @Test
    void aCancelAtTheRingTimeoutIsNoAnswer() {
        assertThat(AttemptOutcome.classify("ORIGINATOR_CANCEL", true)).isEqualTo(AttemptOutcome.NO_ANSWER);
        assertThat(AttemptOutcome.NO_ANSWER.id()).isEqualTo("no_answer");
        assertThat(AttemptOutcome.SWITCH_FAILURE.id()).isEqualTo("switch_failure");
    }
}
