package io.callrobot.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class GrowthCheckTest {

    private static final long MIB = 1024 * 1024;
    private static final SoakTolerances TOLERANCES = new SoakTolerances(5 * MIB, 0.10, 5, 40, 30);

    /** A 30-minute soak sampled every 30 s: 60 samples, at 30 s … 1800 s. */
    private static List<SoakSample> soak(IntFunction<SoakSample> at) {
        List<SoakSample> samples = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            samples.add(at.apply(i * 30));
        }
        return samples;
    }

    private static SoakSample steady(int seconds) {
        return new SoakSample(Duration.ofSeconds(seconds), 300, 120 * MIB, 40, 1000, 700);
    }

    private static GrowthCheck.Verdict verdict(List<GrowthCheck.Verdict> verdicts, String figure) {
        return verdicts.stream().filter(v -> v.figure().equals(figure)).findFirst().orElseThrow();
    }

    @Test
    void aSteadyRobotPasses() {
        List<GrowthCheck.Verdict> verdicts = GrowthCheck.check(soak(GrowthCheckTest::steady), Duration.ofMinutes(5),
                TOLERANCES);

        assertThat(verdicts).extracting(GrowthCheck.Verdict::figure)
                .containsExactly("heap MiB", "platform threads", "fds", "sockets");
        assertThat(GrowthCheck.passed(verdicts)).isTrue();
        assertThat(verdict(verdicts, "heap MiB").line()).isEqualTo(
                "heap MiB             120.0 ->    120.0  (+0.0, allowed +12.0)  PASS");
    }

    @Test
    void heapThatKeepsGrowingFailsButNoiseWithinTheToleranceDoesNot() {
        // 1 MiB a minute from minute 5: 25 MiB by minute 30, past +10 % of 120 MiB
        List<SoakSample> leaking = soak(s -> new SoakSample(Duration.ofSeconds(s), 300,
                (120 + Math.max(0, s - 300) / 60) * MIB, 40, 1000, 700));
        // ±4 MiB from one sample to the next, no trend
        List<SoakSample> noisy = soak(s -> new SoakSample(Duration.ofSeconds(s), 300,
                (120 + (s / 30 % 2 == 0 ? 4 : -4)) * MIB, 40, 1000, 700));

        GrowthCheck.Verdict leak = verdict(GrowthCheck.check(leaking, Duration.ofMinutes(5), TOLERANCES), "heap MiB");
        assertThat(leak.passed()).isFalse();
        assertThat(leak.reference()).isEqualTo(120.0);
        assertThat(leak.last()).isEqualTo(144.0);
        assertThat(leak.line()).endsWith("FAIL");
        assertThat(GrowthCheck.passed(GrowthCheck.check(noisy, Duration.ofMinutes(5), TOLERANCES))).isTrue();
    }

    @Test
    void theAbsoluteHeapToleranceCoversASmallHeap() {
        // +4 MiB on a 20 MiB heap is 20 %, but under the 5 MiB floor
        List<SoakSample> samples = soak(s -> new SoakSample(Duration.ofSeconds(s), 300,
                (s > 1500 ? 24 : 20) * MIB, 40, 1000, 700));

        GrowthCheck.Verdict heap = verdict(GrowthCheck.check(samples, Duration.ofMinutes(5), TOLERANCES), "heap MiB");

        assertThat(heap.allowed()).isEqualTo(5.0);
        assertThat(heap.passed()).isTrue();
    }

    @Test
    void oneSampleTakenDuringAReplacementBurstDoesNotFail() {
        // the last sample caught 60 extra descriptors, the two before it did not: the median holds
        List<SoakSample> samples = soak(s -> new SoakSample(Duration.ofSeconds(s), 300, 120 * MIB, 40,
                s == 1800 ? 1060 : 1000, s == 1800 ? 760 : 700));

        assertThat(GrowthCheck.passed(GrowthCheck.check(samples, Duration.ofMinutes(5), TOLERANCES))).isTrue();
    }

    @Test
    void descriptorsAndThreadsThatGrowFail() {
        List<SoakSample> samples = soak(s -> new SoakSample(Duration.ofSeconds(s), 300, 120 * MIB,
                40 + s / 120, 1000 + s / 10, 700 + s / 10));

        List<GrowthCheck.Verdict> verdicts = GrowthCheck.check(samples, Duration.ofMinutes(5), TOLERANCES);

        assertThat(verdict(verdicts, "platform threads").reference()).isEqualTo(42.0);
        assertThat(verdict(verdicts, "platform threads").last()).isEqualTo(54.0);
        assertThat(verdict(verdicts, "platform threads").passed()).isFalse();
        assertThat(verdict(verdicts, "fds").passed()).isFalse();            // +147
        assertThat(verdict(verdicts, "sockets").passed()).isFalse();
        assertThat(GrowthCheck.passed(verdicts)).isFalse();
    }

    @Test
    void aFallIsNotGrowth() {
        List<SoakSample> samples = soak(s -> new SoakSample(Duration.ofSeconds(s), 300, (s > 900 ? 90 : 120) * MIB,
                s > 900 ? 30 : 40, s > 900 ? 800 : 1000, 700));

        assertThat(GrowthCheck.passed(GrowthCheck.check(samples, Duration.ofMinutes(5), TOLERANCES))).isTrue();
    }

    @Test
    void aSixMinuteSoakComparesMinuteOneWithTheLastThreeSamples() {
        // 30 s … 360 s; reference at 60 s: the samples at 30, 60 and 90 s
        List<SoakSample> samples = new ArrayList<>();
        for (int s = 30; s <= 360; s += 30) {
            samples.add(new SoakSample(Duration.ofSeconds(s), 50, 100 * MIB, s <= 90 ? 30 : 100, 500, 300));
        }

        GrowthCheck.Verdict threads = verdict(GrowthCheck.check(samples, Duration.ofSeconds(60), TOLERANCES),
                "platform threads");

        assertThat(threads.reference()).isEqualTo(30.0);
        assertThat(threads.last()).isEqualTo(100.0);
        assertThat(threads.passed()).isFalse();
    }

    @Test
    void tooFewSamplesAreRefusedWithTheCountNeeded() {
        List<SoakSample> five = soak(GrowthCheckTest::steady).subList(0, 5);

        assertThatThrownBy(() -> GrowthCheck.check(five, Duration.ofSeconds(30), TOLERANCES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a growth check needs at least 6 samples, got 5");
    }

    @Test
    void descriptorTolerancesCoverTheCallsInReplacement() {
        // 300 calls: 5 % = 15 calls in replacement, at 3.2 descriptors and 2.1 sockets each
        SoakTolerances at300 = SoakTolerances.forCalls(300, 3.2, 2.1);
        // 50 calls: at least 5 calls; a measured cost under one is taken as one
        SoakTolerances at50 = SoakTolerances.forCalls(50, 0.4, Double.NaN);

        assertThat(at300).isEqualTo(new SoakTolerances(5 * MIB, 0.10, 5, 48, 32));
        assertThat(at50.fds()).isEqualTo(5);
        assertThat(at50.sockets()).isEqualTo(5);
        assertThatThrownBy(() -> SoakTolerances.forCalls(0, 1, 1)).hasMessage("calls must be positive, got 0");
    }
}
