package io.callrobot.bench.soak;

/**
 * How much each figure may grow between the reference point and the end of a soak before it counts
 * as growth. Heap: +10 % or +5 MiB, whichever is more (live heap after a full collection still
 * holds whatever audio and buffers the calls up had in flight at that instant, which swings by a few
 * KiB per call). Threads: +5 (the robot's platform threads are a fixed set whatever the number of
 * calls, docs/THREADS.md; pools with an idle timeout may hold a few more). Descriptors and sockets:
 * the robot's own cost per call times the calls that may be in replacement at a sample, ended and
 * not yet closed or placed and not yet counted: 5 % of the calls, at least 5 (at 300 calls of 60 s,
 * 5 calls are replaced every second, so 15 cover 3 s of replacements).
 *
 * @param heapBytes    absolute heap growth allowed
 * @param heapFraction heap growth allowed relative to the reference
 * @param threads      platform threads
 * @param fds          open file descriptors
 * @param sockets      open sockets
 */
public record SoakTolerances(long heapBytes, double heapFraction, int threads, int fds, int sockets) {

    static final long HEAP_BYTES = 5L * 1024 * 1024;
    static final double HEAP_FRACTION = 0.10;
    static final int THREADS = 5;
    static final double CALLS_IN_REPLACEMENT = 0.05;
    static final int MIN_CALLS_IN_REPLACEMENT = 5;

    /**
     * The tolerances for a soak of {@code calls} concurrent calls whose robot holds {@code fdsPerCall}
     * descriptors and {@code socketsPerCall} sockets per call (measured: loaded − idle, / calls; at
     * least 1 each is assumed, a call's media socket).
     */
    public static SoakTolerances forCalls(int calls, double fdsPerCall, double socketsPerCall) {
        if (calls <= 0) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        int inReplacement = Math.max(MIN_CALLS_IN_REPLACEMENT, (int) Math.ceil(calls * CALLS_IN_REPLACEMENT));
        return new SoakTolerances(HEAP_BYTES, HEAP_FRACTION, THREADS,
                (int) Math.ceil(perCall(fdsPerCall) * inReplacement),
                (int) Math.ceil(perCall(socketsPerCall) * inReplacement));
    }

    private static double perCall(double measured) {
        return Double.isNaN(measured) ? 1 : Math.max(1, measured);
    }
}
