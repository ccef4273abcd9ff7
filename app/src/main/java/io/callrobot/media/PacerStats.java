package io.callrobot.media;

/**
 * How punctually the shared pacer runs. It wakes once per slot of 1 ms; lateness is the time
 * between a slot's deadline and the moment the pacer thread woke up for it; percentiles are read
 * from a histogram of 50 µs buckets (upper bucket bounds, so they err high by at most 50 µs).
 *
 * @param ticks             slots run since start
 * @param frames            frames sent since start, all calls together
 * @param resyncs           times the pacer fell too far behind and restarted its clock
 * @param calls             calls currently served
 * @param maxLatenessNanos  worst lateness seen
 * @param p50LatenessNanos  median lateness
 * @param p99LatenessNanos  99th percentile lateness
 */
public record PacerStats(long ticks, long frames, long resyncs, int calls, long maxLatenessNanos,
        long p50LatenessNanos, long p99LatenessNanos) {
}
