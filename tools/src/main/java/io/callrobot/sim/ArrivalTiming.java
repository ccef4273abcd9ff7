package io.callrobot.sim;

/**
 * {@link FrameTimingStats} computed as frames arrive, in primitive fields, with no allocation per
 * frame. One writer (the receive thread); the monitor is uncontended but for a reader's snapshot.
 */
final class ArrivalTiming {

    private static final long NOMINAL_NANOS = AudioPacer.FRAME_NANOS;
    private static final long GAP_NANOS = 30_000_000L;

    private final long talkSpurtBreakNanos;
    private final IntervalHistogram deviations = new IntervalHistogram();
    private long previous;
    private int frames;
    private int spurts;
    private int intervals;
    private long sumNanos;
    private long maxNanos;
    private double jitterMs;
    private int gaps;

    ArrivalTiming(long talkSpurtBreakNanos) {
        this.talkSpurtBreakNanos = talkSpurtBreakNanos;
    }

    /** One frame arrived at {@code nanos} ({@link System#nanoTime()}); arrivals come in order. */
    synchronized void arrived(long nanos) {
        if (frames++ == 0) {
            spurts = 1;
            previous = nanos;
            return;
        }
        long delta = nanos - previous;
        previous = nanos;
        if (delta > talkSpurtBreakNanos) {
            spurts++;
            return;
        }
        intervals++;
        sumNanos += delta;
        maxNanos = Math.max(maxNanos, delta);
        long deviation = Math.abs(delta - NOMINAL_NANOS);
        // RFC 3550 section 6.4.1: J += (|D| - J) / 16
        jitterMs += (deviation / 1e6 - jitterMs) / 16.0;
        deviations.add(deviation);
        if (delta > GAP_NANOS) {
            gaps++;
        }
    }

    synchronized FrameTimingStats snapshot() {
        return new FrameTimingStats(frames, spurts, intervals == 0 ? 0 : sumNanos / 1e6 / intervals, jitterMs,
                maxNanos / 1e6, gaps);
    }

    /** A copy of the deviations of every interval within talk spurts from 20 ms. */
    synchronized IntervalHistogram deviations() {
        return deviations.copy();
    }
}
