package io.callrobot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.sim.Callee;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSocketSimulationTest {

    @Test
    void calleesAreSpelledAsOutcomesOrCausesWithOptionalRinging() {
        assertThat(EventSocketSimulation.callee("answer")).isEqualTo(Callee.answer());
        assertThat(EventSocketSimulation.callee("answer:2.5")).isEqualTo(Callee.answerAfter(Duration.ofMillis(2500)));
        assertThat(EventSocketSimulation.callee("busy")).isEqualTo(Callee.busy());
        assertThat(EventSocketSimulation.callee("no_answer")).isEqualTo(Callee.noAnswer());
        assertThat(EventSocketSimulation.callee("no_session")).isEqualTo(Callee.noSession());
        assertThat(EventSocketSimulation.callee("SUBSCRIBER_ABSENT:3"))
                .isEqualTo(Callee.hangupAfter(Duration.ofSeconds(3), "SUBSCRIBER_ABSENT"));
        assertThatThrownBy(() -> EventSocketSimulation.callee("maybe")).hasMessageContaining("--callee 'maybe'");
        assertThatThrownBy(() -> EventSocketSimulation.callee("busy:soon")).hasMessageContaining("not a number");
    }
}
