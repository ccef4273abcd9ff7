package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetsTest {

    @Test
    void cpuPerCallSecondIsCpuOverTheSecondsCallsWereUp() {
        // 200 calls up for 60 s on 0.67 cores: the 3.4 ms per call-second
        double ms = Budgets.cpuMillisPerCallSecond(Duration.ofMillis(40_200), 200 * 60.0);

        assertThat(ms).isCloseTo(3.35, within(1e-9));
        assertThat(Budgets.against(ms, Budgets.CPU_MILLIS_PER_CALL_SECOND, "ms")).isEqualTo("budget 1 ms: over by 2.35 ms");
    }

    @Test
    void withinTheBudgetSaysSo() {
        double ms = Budgets.cpuMillisPerCallSecond(Duration.ofSeconds(30), 1000 * 60.0);

        assertThat(ms).isEqualTo(0.5);
        assertThat(Budgets.against(ms, Budgets.CPU_MILLIS_PER_CALL_SECOND, "ms")).isEqualTo("budget 1 ms: within");
        assertThat(Budgets.against(1.0, Budgets.CPU_MILLIS_PER_CALL_SECOND, "ms")).isEqualTo("budget 1 ms: within");
    }

    @Test
    void liveHeapPerCallIsTheGrowthOverIdleDividedByTheCallsUp() {
        double kib = Budgets.liveHeapKibPerCall(40L << 20, (40L << 20) + 300 * 120 * 1024L, 300);

        assertThat(kib).isEqualTo(120.0);
        assertThat(Budgets.against(kib, Budgets.LIVE_HEAP_KIB_PER_CALL, "KiB")).isEqualTo("budget 100 KiB: over by 20.00 KiB");
    }

    @Test
    void nothingUpIsNotMeasuredRatherThanInfinite() {
        assertThat(Budgets.cpuMillisPerCallSecond(Duration.ofSeconds(1), 0)).isNaN();
        assertThat(Budgets.liveHeapKibPerCall(1, 2, 0)).isNaN();
        assertThat(Budgets.against(Double.NaN, 1, "ms")).isEqualTo("budget 1 ms: not measured");
    }
}
