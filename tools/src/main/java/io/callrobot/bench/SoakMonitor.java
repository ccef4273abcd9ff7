package io.callrobot.bench;

import io.callrobot.bench.soak.GrowthCheck;
import io.callrobot.bench.soak.SoakSample;
import io.callrobot.bench.soak.SoakTable;
import io.callrobot.bench.soak.SoakTolerances;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the robot every {@link #INTERVAL} through a run — calls up, live heap, platform threads,
 * descriptors, sockets — then checks that none grew between a sixth of the run (minute 5 of 30) and
 * its end. The heap is read as live objects after a full collection ({@code jcmd GC.class_histogram}),
 * so each sample pauses the robot once; the pauses are timed and printed with the table.
 */
final class SoakMonitor {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    /** The shortest run with enough samples for a growth check. */
    static final Duration SHORTEST = INTERVAL.multipliedBy(GrowthCheck.MIN_SAMPLES);

    private final RobotProcess robot;
    private final List<SoakSample> samples = new ArrayList<>();
    private final Distribution heapSampleMillis = new Distribution();
    /** The robot's CPU while its heap was sampled: the collections, and the calls' work meanwhile. */
    private Duration cpuInHeapSamples = Duration.ZERO;

    SoakMonitor(RobotProcess robot) {
        this.robot = robot;
    }

    /** Samples at {@code steadyStartNanos} + k × {@link #INTERVAL}, k ≥ 1, up to {@code deadlineNanos}. */
    void run(long steadyStartNanos, long deadlineNanos) throws IOException, InterruptedException {
        for (long due = steadyStartNanos + INTERVAL.toNanos(); due <= deadlineNanos; due += INTERVAL.toNanos()) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            samples.add(sample(Duration.ofNanos(due - steadyStartNanos)));
        }
    }

    private SoakSample sample(Duration at) throws IOException, InterruptedException {
        int callsUp = (int) robot.metric("callrobot_calls_active");
        long start = System.nanoTime();
        Duration cpuBefore = robot.cpu();
        long heap = robot.liveHeap();
        cpuInHeapSamples = cpuInHeapSamples.plus(robot.cpu().minus(cpuBefore));
        heapSampleMillis.add((System.nanoTime() - start) / 1e6);
        // Micrometer's JvmThreadMetrics: ThreadMXBean's live platform threads, cheap to read under load
        int threads = (int) robot.metric("jvm_threads_live_threads");
        OpenFiles files = robot.openFiles();
        return new SoakSample(at, callsUp, heap, threads, files.fds(), files.sockets());
    }

    /**
     * Prints the table and a PASS or FAIL per figure for a run of {@code runLength}.
     *
     * @return whether nothing grew, or true when the run was too short to check
     */
    boolean report(PrintStream out, Duration runLength, SoakTolerances tolerances) {
        out.println();
        if (samples.size() < GrowthCheck.MIN_SAMPLES) {
            out.printf("soak: not checked (%d samples every %d s; a run of at least %d s has the %d a check needs)%n",
                    samples.size(), INTERVAL.toSeconds(), SHORTEST.toSeconds(), GrowthCheck.MIN_SAMPLES);
            return true;
        }
        Duration reference = runLength.dividedBy(6);
        out.printf("soak: robot every %d s; growth from %d s (a sixth of the run) to the end, medians of %d samples%n",
                INTERVAL.toSeconds(), reference.toSeconds(), GrowthCheck.WINDOW);
        SoakTable.lines(samples).forEach(out::println);
        out.println("heap sample (full GC + class histogram, the robot paused) " + heapSampleMillis.summary("ms"));
        out.printf("robot CPU during the heap samples: %.2f s in all (in the CPU per call-second above)%n",
                cpuInHeapSamples.toNanos() / 1e9);
        List<GrowthCheck.Verdict> verdicts = GrowthCheck.check(samples, reference, tolerances);
        verdicts.forEach(v -> out.println("soak " + v.line()));
        boolean passed = GrowthCheck.passed(verdicts);
        out.println("soak " + (passed ? "PASS" : "FAIL"));
        return passed;
    }
}
