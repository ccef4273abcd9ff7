package io.callrobot.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When each simulated call was up, from placed (the robot took its socket) to hung up, on
 * {@link System#nanoTime()}: the denominator of robot CPU per call-second when calls end and are
 * replaced during the run. Callers' threads record; the run reads.
 */
final class CallUptime {

    /** One call's time up; {@code downNanos} is {@link Long#MAX_VALUE} while it is still up. */
    record Span(long upNanos, long downNanos) {
    }

    private final List<Span> spans = new ArrayList<>();

    /** A call is up from {@code now}; returns its handle for {@link #down}. */
    synchronized int up(long now) {
        spans.add(new Span(now, Long.MAX_VALUE));
        return spans.size() - 1;
    }

    synchronized void down(int handle, long now) {
        spans.set(handle, new Span(spans.get(handle).upNanos(), now));
    }

    synchronized double callSecondsWithin(long fromNanos, long toNanos) {
        return callSeconds(spans, fromNanos, toNanos);
    }

    /** Calls up at {@code atNanos}. */
    synchronized int upAt(long atNanos) {
        return (int) spans.stream().filter(s -> s.upNanos() <= atNanos && atNanos < s.downNanos()).count();
    }

    /** The seconds each call was up within [{@code fromNanos}, {@code toNanos}), summed over calls. */
    static double callSeconds(List<Span> spans, long fromNanos, long toNanos) {
        long nanos = 0;
        for (Span s : spans) {
            nanos += Math.max(0, Math.min(s.downNanos(), toNanos) - Math.max(s.upNanos(), fromNanos));
        }
        return nanos / 1e9;
    }
}
