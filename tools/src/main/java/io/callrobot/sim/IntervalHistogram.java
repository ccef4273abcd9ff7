package io.callrobot.sim;

import java.util.Arrays;

/**
 * How far inter-arrival intervals deviated from 20 ms, counted in bins without keeping each value:
 * 10 µs bins below 5 ms (where a jitter target of 2 ms is judged), 100 µs bins up to 100 ms, and
 * one bin for anything longer.
 */
public final class IntervalHistogram {

    private static final long FINE_NANOS = 10_000L;
    private static final long FINE_LIMIT_NANOS = 5_000_000L;
    private static final long COARSE_NANOS = 100_000L;
    private static final long COARSE_LIMIT_NANOS = 100_000_000L;
    private static final int FINE_BINS = (int) (FINE_LIMIT_NANOS / FINE_NANOS);
    private static final int BINS = FINE_BINS + (int) ((COARSE_LIMIT_NANOS - FINE_LIMIT_NANOS) / COARSE_NANOS) + 1;

    private final int[] counts;

    IntervalHistogram() {
        this(new int[BINS]);
    }

    private IntervalHistogram(int[] counts) {
        this.counts = counts;
    }

    void add(long deviationNanos) {
        counts[bin(deviationNanos)]++;
    }

    static int bin(long deviationNanos) {
        if (deviationNanos < FINE_LIMIT_NANOS) {
            return (int) (deviationNanos / FINE_NANOS);
        }
        if (deviationNanos < COARSE_LIMIT_NANOS) {
            return FINE_BINS + (int) ((deviationNanos - FINE_LIMIT_NANOS) / COARSE_NANOS);
        }
        return BINS - 1;
    }

    IntervalHistogram copy() {
        return new IntervalHistogram(Arrays.copyOf(counts, counts.length));
    }

    public int bins() {
        return counts.length;
    }

    /** Intervals counted in {@code bin}. */
    public int count(int bin) {
        return counts[bin];
    }

    /** The middle of {@code bin} in milliseconds (the last bin: its lower edge, 100 ms). */
    public double valueMs(int bin) {
        if (bin < FINE_BINS) {
            return (bin * FINE_NANOS + FINE_NANOS / 2) / 1e6;
        }
        if (bin < BINS - 1) {
            return (FINE_LIMIT_NANOS + (bin - FINE_BINS) * COARSE_NANOS + COARSE_NANOS / 2) / 1e6;
        }
        return COARSE_LIMIT_NANOS / 1e6;
    }

    /** Intervals over all bins. */
    public long total() {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }
}
