package io.callrobot.bench.cpu;

import static io.callrobot.bench.cpu.StatLines.stat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CpuSplitTest {

    private static CpuSnapshot snapshot(TaskStat process, List<TaskStat> threads) {
        return new CpuSnapshot(100, process, threads.stream().collect(Collectors.toMap(TaskStat::id, Function.identity())));
    }

    private static final CpuSnapshot START = snapshot(stat(4242, "java", 500, 1000, 200), List.of(
            stat(4242, "java", 500, 50, 10),
            stat(4250, "media-pacer", 600, 300, 100),
            stat(4251, "C2 CompilerThre", 600, 400, 5),
            stat(4260, "asr-ws-2-1", 700, 100, 50),
            stat(4270, "OkHttp TaskRunn", 800, 20, 2)));

    /**
     * 4260 and 4270 ended (user 60, kernel 15 between the snapshots), a new thread was given 4270's
     * id and one more was born: the live threads used user 305, kernel 185.
     */
    private static final CpuSnapshot END = snapshot(stat(4242, "java", 500, 1365, 400), List.of(
            stat(4242, "java", 500, 55, 10),
            stat(4250, "media-pacer", 600, 500, 260),
            stat(4251, "C2 CompilerThre", 600, 430, 6),
            stat(4270, "asr-ws-2-2", 900, 30, 20),
            stat(4280, "ForkJoinPool-1-", 950, 40, 4)));

    @Test
    void theProcessUsedItsDifferenceTheLiveThreadsTheirUserAndKernelTime() {
        CpuSplit split = CpuSplit.between(START, END);

        assertThat(split.total()).isEqualTo(Duration.ofMillis(5650));
        assertThat(split.jitCompiler()).isEqualTo(Duration.ofMillis(310));
        assertThat(split.withoutJitCompiler()).isEqualTo(Duration.ofMillis(5340));
        // 1000 call-seconds: 305 ticks of 10 ms over 1000 s
        assertThat(split.userAndKernel(1000)).isEqualTo("user 3.05 + kernel 1.85 + 0.75 in ended threads (not split)"
                + " ms per call-second; JIT compiler 0.31 (warm-up, included)");
    }

    @Test
    void userAndKernelAreTheThreadsEvenWhereTheProcesssSplitSaysOtherwise() {
        // the process's split scaled over its whole life: all of this window's time in user
        CpuSnapshot start = snapshot(stat(1, "java", 5, 1000, 100), List.of(stat(2, "media-pacer", 6, 10, 10)));
        CpuSnapshot end = snapshot(stat(1, "java", 5, 1100, 100), List.of(stat(2, "media-pacer", 6, 60, 60)));

        CpuSplit split = CpuSplit.between(start, end);

        assertThat(split.total()).isEqualTo(Duration.ofSeconds(1));
        assertThat(split.userAndKernel(100))
                .isEqualTo("user 5.00 + kernel 5.00 ms per call-second; JIT compiler 0.00 (warm-up, included)");
        assertThat(split.byThread(100, 8)).isEqualTo("media-pacer 10.00 ms per call-second");
    }

    @Test
    void threadsLiveAtBothCountTheirDifferenceNewOnesAllAndEndedOnesTheRest() {
        CpuSplit split = CpuSplit.between(START, END);

        // media-pacer 200 + 160, ended 60 + 15, asr-ws-2-2 (4270 again, born later) 50, carrier 44, C2 31, java 5
        assertThat(split.byThread(1000, 8)).isEqualTo("media-pacer 3.60,"
                + " ended threads (OkHttp TaskRunn… ×1, asr-ws-#-# ×1) 0.75, asr-ws-#-# 0.50,"
                + " virtual-thread carriers 0.44, JIT compiler 0.31, java 0.05 ms per call-second");
    }

    @Test
    void beyondTheTopGroupsTheRestIsOther() {
        assertThat(CpuSplit.between(START, END).byThread(1000, 3))
                .isEqualTo("media-pacer 3.60, ended threads (OkHttp TaskRunn… ×1, asr-ws-#-# ×1) 0.75, asr-ws-#-# 0.50,"
                        + " other 0.80 ms per call-second");
    }

    @Test
    void groupsThatUsedNothingAreLeftOut() {
        CpuSplit split = CpuSplit.between(START, START);

        assertThat(split.total()).isZero();
        assertThat(split.byThread(1000, 8)).isEqualTo("no thread used CPU");
    }

    @Test
    void noEndedThreadsWhenTheThreadsRoundedAboveTheProcess() {
        CpuSnapshot start = snapshot(stat(1, "java", 5, 100, 100), List.of(stat(2, "silero-vad", 6, 10, 10)));
        CpuSnapshot end = snapshot(stat(1, "java", 5, 150, 101), List.of(stat(2, "silero-vad", 6, 61, 12)));

        assertThat(CpuSplit.between(start, end).byThread(100, 8)).isEqualTo("silero-vad 5.30 ms per call-second");
        assertThat(CpuSplit.between(start, end).userAndKernel(100))
                .isEqualTo("user 5.10 + kernel 0.20 ms per call-second; JIT compiler 0.00 (warm-up, included)");
    }

    @Test
    void timeOfThreadsBornAndEndedInBetweenIsEndedThreadsWithNoName() {
        CpuSnapshot start = snapshot(stat(1, "java", 5, 100, 100), List.of(stat(2, "silero-vad", 6, 10, 10)));
        CpuSnapshot end = snapshot(stat(1, "java", 5, 130, 100), List.of(stat(2, "silero-vad", 6, 20, 10)));

        assertThat(CpuSplit.between(start, end).byThread(100, 8))
                .isEqualTo("ended threads 2.00, silero-vad 1.00 ms per call-second");
    }

    @Test
    void ticksCountInTheSnapshotsUnit() {
        CpuSnapshot start = new CpuSnapshot(250, stat(1, "java", 5, 0, 0), Map.of(1L, stat(1, "java", 5, 0, 0)));
        CpuSnapshot end = new CpuSnapshot(250, stat(1, "java", 5, 250, 125), Map.of(1L, stat(1, "java", 5, 250, 125)));

        assertThat(CpuSplit.between(start, end).total()).isEqualTo(Duration.ofMillis(1500));
        assertThat(CpuSplit.between(start, end).userAndKernel(10))
                .isEqualTo("user 100.00 + kernel 50.00 ms per call-second; JIT compiler 0.00 (warm-up, included)");
    }

    @Test
    void snapshotsOfTwoProcessesOrUnitsAreRefused() {
        CpuSnapshot other = snapshot(stat(4343, "java", 500, 2000, 400), List.of());
        CpuSnapshot restarted = snapshot(stat(4242, "java", 9000, 20, 4), List.of());
        CpuSnapshot finer = new CpuSnapshot(1000, stat(4242, "java", 500, 20000, 4000), Map.of());

        assertThatThrownBy(() -> CpuSplit.between(START, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshots of two processes: 4242 started at tick 500 and 4343 started at tick 500");
        assertThatThrownBy(() -> CpuSplit.between(START, restarted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshots of two processes: 4242 started at tick 500 and 4242 started at tick 9000");
        assertThatThrownBy(() -> CpuSplit.between(START, finer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshots in different units: 100 and 1000 ticks per second");
        assertThatThrownBy(() -> new CpuSnapshot(0, stat(1, "java", 1, 1, 1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive, got 0");
    }
}
