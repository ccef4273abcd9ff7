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
 *
 * <p>User and kernel time are the live threads' own. Linux samples which of the two a thread is in
 * at each timer tick and scales the samples so that they add up to the thread's exact run time,
 * over its whole life, never letting either go down (kernel/sched/cputime.c, {@code cputime_adjust});
 * the process's figure is scaled the same way
 * over every thread it ever ran, so over part of a run its split drifts with what came before
 * (startup is nearly all user time) and with how often the file is read. The sum of user and kernel
 * time is exact in both.
 */
public final class CpuSplit {

    /** The group of the time of threads that ended between the snapshots. */
    static final String ENDED = "ended threads";

    private final long ticksPerSecond;
    /** The process's user and kernel ticks together. */
    private final long total;
    /** The live threads' user and kernel ticks. */
    private final long user;
    private final long kernel;
    private final long ended;
    /** User and kernel ticks together, by group, {@link #ENDED} included when above zero. */
    private final Map<String, Long> byGroup;

    private CpuSplit(long ticksPerSecond, long total, long user, long kernel, long ended, Map<String, Long> byGroup) {
        this.ticksPerSecond = ticksPerSecond;
        this.total = total;
        this.user = user;
        this.kernel = kernel;
        this.ended = ended;
        this.byGroup = Map.copyOf(byGroup);
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
        Map<String, Long> byGroup = new HashMap<>();
        long user = 0;
        long kernel = 0;
        for (TaskStat thread : end.threads().values()) {
            TaskStat before = start.threads().get(thread.id());
            boolean same = sameThread(before, thread);
            long threadUser = thread.userTicks() - (same ? before.userTicks() : 0);
            long threadKernel = thread.kernelTicks() - (same ? before.kernelTicks() : 0);
            byGroup.merge(ThreadNames.group(thread.comm()), threadUser + threadKernel, Long::sum);
            user += threadUser;
            kernel += threadKernel;
        }
        long total = ticks(end.process()) - ticks(start.process());
        // each thread's figures and the process's are rounded down to ticks apart, so the rest can dip below zero
        long ended = Math.max(0, total - user - kernel);
        if (ended > 0) {
            byGroup.put(endedLabel(start, end), ended);
        }
        return new CpuSplit(end.ticksPerSecond(), total, user, kernel, ended, byGroup);
    }

    private static long ticks(TaskStat stat) {
        return stat.userTicks() + stat.kernelTicks();
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
        return duration(total);
    }

    /** What the JIT compiler's threads used: warming up, not the work of calls. */
    public Duration jitCompiler() {
        return duration(jitTicks());
    }

    /** {@link #total()} without {@link #jitCompiler()}. */
    public Duration withoutJitCompiler() {
        return total().minus(jitCompiler());
    }

    private long jitTicks() {
        return byGroup.getOrDefault(ThreadNames.JIT_COMPILER, 0L);
    }

    /**
     * {@code "user 2.81 + kernel 0.95 ms per call-second; JIT compiler 0.31 (warm-up, included)"}
     * for {@code callSeconds} seconds of calls up, with {@code " + 0.05 in ended threads (not split)"}
     * after the kernel time when threads ended.
     */
    public String userAndKernel(double callSeconds) {
        String endedPart = ended > 0
                ? String.format(" + %.2f in ended threads (not split)", perCallSecond(ended, callSeconds)) : "";
        return String.format("user %.2f + kernel %.2f%s ms per call-second; JIT compiler %.2f (warm-up, included)",
                perCallSecond(user, callSeconds), perCallSecond(kernel, callSeconds), endedPart,
                perCallSecond(jitTicks(), callSeconds));
    }

    /**
     * The {@code top} groups that used most, user and kernel together, and the rest as "other":
     * {@code "silero-vad 0.63, media-receive 0.64, other 0.12 ms per call-second"}. Groups that used
     * nothing are left out.
     */
    public String byThread(double callSeconds, int top) {
        List<Map.Entry<String, Long>> used = byGroup.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        if (used.isEmpty()) {
            return "no thread used CPU";
        }
        List<String> parts = new ArrayList<>();
        used.stream().limit(top).forEach(e ->
                parts.add(String.format("%s %.2f", e.getKey(), perCallSecond(e.getValue(), callSeconds))));
        if (used.size() > top) {
            long rest = used.stream().skip(top).mapToLong(Map.Entry::getValue).sum();
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
