package io.callrobot.dialog.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callrobot.dialog.tools.ToolCallBudget.Admission;
import org.junit.jupiter.api.Test;

class ToolCallBudgetTest {

    @Test
    void builtInAndHttpCallsShareTheCallLimit() {
        ToolCallBudget budget = new ToolCallBudget(3, 2);

        assertThat(budget.admit()).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admitHttp()).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admitHttp()).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admit()).isEqualTo(Admission.CALLS_USED_UP);
        assertThat(budget.admitHttp()).isEqualTo(Admission.CALLS_USED_UP);
        assertThat(budget.calls()).isEqualTo(3);
        assertThat(budget.httpInFlight()).isEqualTo(2);
    }

    @Test
    void concurrentHttpCallsWaitForASlotWithoutUsingTheirCall() {
        ToolCallBudget budget = new ToolCallBudget(10, 1);

        assertThat(budget.admitHttp()).isEqualTo(Admission.ADMITTED);
        assertThat(budget.admitHttp()).isEqualTo(Admission.TOO_MANY_AT_ONCE);
        assertThat(budget.calls()).isEqualTo(1);
        budget.httpFinished();
        assertThat(budget.admitHttp()).isEqualTo(Admission.ADMITTED);
        assertThat(budget.refusal(Admission.TOO_MANY_AT_ONCE)).contains("at most 1 HTTP tools");
    }

    @Test
    void misuseFailsLoudly() {
        assertThatThrownBy(() -> new ToolCallBudget(0, 1)).hasMessageContaining("maxCalls 0");
        assertThatThrownBy(() -> new ToolCallBudget(5, 1).httpFinished()).isInstanceOf(IllegalStateException.class);
    }
}
