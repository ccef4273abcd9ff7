package io.callrobot.bench;

import java.util.Arrays;

/** Samples of one measure, summarised as the benchmark reports them (nearest-rank percentiles). */
final class Distribution {

    private double[] values = new double[64];
    private int size;

    synchronized void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** {@code value} counted {@code times} times (a histogram bin). */
    synchronized void add(double value, int times) {
        if (size + times > values.length) {
            values = Arrays.copyOf(values, Math.max(size + times, size * 2));
        }
        Arrays.fill(values, size, size + times, value);
        size += times;
    }

    synchronized int count() {
        return size;
    }

    synchronized double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    synchronized double max() {
        return size == 0 ? Double.NaN : percentile(100);
    }

    /** {@code p50 / p95 / p99 (max, n)} with the given unit. */
    String summary(String unit) {
        if (count() == 0) {
            return "no samples";
        }
        return String.format("p50 %.2f  p95 %.2f  p99 %.2f  max %.2f %s  (n=%d)",
                percentile(50), percentile(95), percentile(99), max(), unit, count());
    }
}
