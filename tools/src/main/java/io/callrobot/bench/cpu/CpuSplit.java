package io.callrobot.bench.cpu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A process's CPU between two snapshots, split into user and kernel time and by thread group. A
 * thread live at both counts its difference, a thread born in between its whole time; what the
 * process used beyond its live threads' share was used by threads that ended in between, counted
 * as the group {@value #ENDED}, named with the groups of the threads of the first snapshot that the
 * second does not have (the JVM stops idle compiler threads and pool workers).
 */
public final class CpuSplit {

    /** The group of the time of threads that ended between the snapshots. */
    static final String ENDED = "ended threads";

    private final long ticksPerSecond;
    private final Ticks total;
    private final Map<String, Ticks> byGroup;

    private CpuSplit(long ticksPerSecond, Ticks total, Map<String, Ticks> byGroup) {
        this.ticksPerSecond = ticksPerSecond;
        this.total = total;
        this.byGroup = Map.copyOf(byGroup);
    }

    /** User and kernel clock ticks. */
    private record Ticks(long user, long kernel) {

        static final Ticks NONE = new Ticks(0, 0);

        static Ticks of(TaskStat stat) {
            return new Ticks(stat.userTicks(), stat.kernelTicks());
        }

        Ticks plus(Ticks other) {
            return new Ticks(user + other.user, kernel + other.kernel);
        }

        Ticks minus(Ticks other) {
            return new Ticks(user - other.user, kernel - other.kernel);
        }

        long sum() {
            return user + kernel;
        }
    }

    /**
     * The CPU the process used from {@code start} to {@code end}.
     *
     * @throws IllegalArgumentException when they are not two snapshots of one process in one unit
     */
    public static CpuSplit between(CpuSnapshot start, CpuSnapshot end) {
        if (start.process().id() != end.process().id() || start.process().startTicks() != end.process().startTicks()) {
            throw new IllegalArgumentException("snapshots of two processes: " + start.process().id() + " started at tick "
                    + start.process().startTicks() + " and " + end.process().id() + " started at tick "
                    + end.process().startTicks());
        }
        if (start.ticksPerSecond() != end.ticksPerSecond()) {
            throw new IllegalArgumentException("snapshots in different units: " + start.ticksPerSecond() + " and "
                    + end.ticksPerSecond() + " ticks per second");
        }
        Map<String, Ticks> byGroup = new HashMap<>();
        Ticks live = Ticks.NONE;
        for (TaskStat thread : end.threads().values()) {
            TaskStat before = start.threads().get(thread.id());
            Ticks used = sameThread(before, thread) ? Ticks.of(thread).minus(Ticks.of(before)) : Ticks.of(thread);
            byGroup.merge(ThreadNames.group(thread.comm()), used, Ticks::plus);
            live = live.plus(used);
        }
        Ticks total = Ticks.of(end.process()).minus(Ticks.of(start.process()));
        // each thread's and the process's figures are rounded apart, so the rest can dip below zero
        Ticks ended = total.minus(live);
        Ticks endedUsed = new Ticks(Math.max(0, ended.user()), Math.max(0, ended.kernel()));
        if (endedUsed.sum() > 0) {
            byGroup.put(endedLabel(start, end), endedUsed);
        }
        return new CpuSplit(end.ticksPerSecond(), total, byGroup);
    }

    /** The same id and start time: the same thread; a new start time: a new thread that was given a freed id. */
    private static boolean sameThread(TaskStat before, TaskStat after) {
        return before != null && after != null && before.startTicks() == after.startTicks();
    }

    /** {@code "ended threads (JIT compiler ×1, virtual-thread carriers ×2)"}: the groups of the threads gone by {@code end}. */
    private static String endedLabel(CpuSnapshot start, CpuSnapshot end) {
        Map<String, Integer> gone = new TreeMap<>();
        for (TaskStat thread : start.threads().values()) {
            if (!sameThread(thread, end.threads().get(thread.id()))) {
                gone.merge(ThreadNames.group(thread.comm()), 1, Integer::sum);
            }
        }
        return gone.isEmpty() ? ENDED : gone.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", ", ENDED + " (", ")"));
    }

    /** All the CPU the process used, user and kernel. */
    public Duration total() {
        return duration(total.sum());
    }

    /** What the JIT compiler's threads used: warming up, not the work of calls. */
    public Duration jitCompiler() {
        return duration(byGroup.getOrDefault(ThreadNames.JIT_COMPILER, Ticks.NONE).sum());
    }

    /** {@link #total()} without {@link #jitCompiler()}. */
    public Duration withoutJitCompiler() {
        return total().minus(jitCompiler());
    }

    /**
     * {@code "user 2.81 + kernel 0.95 ms per call-second; JIT compiler 0.31 (warm-up, included)"}
     * for {@code callSeconds} seconds of calls up.
     */
    public String userAndKernel(double callSeconds) {
        return String.format("user %.2f + kernel %.2f ms per call-second; JIT compiler %.2f (warm-up, included)",
                perCallSecond(total.user(), callSeconds), perCallSecond(total.kernel(), callSeconds),
                perCallSecond(byGroup.getOrDefault(ThreadNames.JIT_COMPILER, Ticks.NONE).sum(), callSeconds));
    }

    /**
     * The {@code top} groups that used most, user and kernel together, and the rest as "other":
     * {@code "silero-vad 0.63, media-receive 0.64, other 0.12 ms per call-second"}. Groups that used
     * nothing are left out.
     */
    public String byThread(double callSeconds, int top) {
        List<Map.Entry<String, Ticks>> used = byGroup.entrySet().stream().filter(e -> e.getValue().sum() > 0)
                .sorted(Comparator.<Map.Entry<String, Ticks>>comparingLong(e -> e.getValue().sum()).reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        if (used.isEmpty()) {
            return "no thread used CPU";
        }
        List<String> parts = new ArrayList<>();
        used.stream().limit(top).forEach(e ->
                parts.add(String.format("%s %.2f", e.getKey(), perCallSecond(e.getValue().sum(), callSeconds))));
        long rest = used.stream().skip(top).mapToLong(e -> e.getValue().sum()).sum();
        if (used.size() > top) {
            parts.add(String.format("other %.2f", perCallSecond(rest, callSeconds)));
        }
        return String.join(", ", parts) + " ms per call-second";
    }

    private double perCallSecond(long ticks, double callSeconds) {
        return callSeconds > 0 ? ticks * 1000.0 / ticksPerSecond / callSeconds : Double.NaN;
    }

    private Duration duration(long ticks) {
        return Duration.ofNanos(ticks * 1_000_000_000L / ticksPerSecond);
    }
}
