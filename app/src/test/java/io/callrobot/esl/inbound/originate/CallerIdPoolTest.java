package io.callrobot.esl.inbound.originate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallerIdPoolTest {

    @Test
    void handsOutNumbersInTurn() {
        CallerIdPool pool = new CallerIdPool(List.of("02150001000", "+862150001001"));
        assertThat(List.of(pool.next(), pool.next(), pool.next())).containsExactly("02150001000", "+862150001001", "02150001000");
    }

    @Test
    void refusesEmptyMalformedAndRepeatedNumbers() {
        assertThatThrownBy(() -> new CallerIdPool(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new CallerIdPool(List.of("021-5000"))).hasMessageContaining("'021-5000' is not a phone number");
        assertThatThrownBy(() -> new CallerIdPool(List.of("1", "1"))).hasMessageContaining("1 is listed twice");
    }
}
