package io.callrobot.bench.cpu;

import java.util.Map;

/**
 * A process's CPU figures at one instant.
 *
 * @param ticksPerSecond the clock ticks the figures count in ({@code getconf CLK_TCK})
 * @param process        the whole process: its live threads and those that ended
 * @param threads        its live threads by thread id
 */
public record CpuSnapshot(long ticksPerSecond, TaskStat process, Map<Long, TaskStat> threads) {

    public CpuSnapshot {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, got " + ticksPerSecond);
        }
        threads = Map.copyOf(threads);
    }
}
