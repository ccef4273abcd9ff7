package io.callrobot.sim;

import java.util.function.LongSupplier;

/**
 * The switch's sessions-per-second limit as FreeSWITCH keeps it: a budget reset to the limit once
 * a second (switch_time.c, the timer thread: runtime.sps = runtime.sps_total), from which each new
 * session takes one before checking, refused when nothing is left (switch_core_session.c,
 * switch_core_session_request_uuid: sps = --runtime.sps; if (sps <= 0) "Throttle Error!"). So at
 * most limit - 1 sessions start in a second. Thread-safe.
 */
final class SessionRate {

    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier clock;
    private int limit;
    private int budget;
    private long windowStart;

    SessionRate(int limit, LongSupplier clock) {
        this.clock = clock;
        this.limit = limit;
        this.budget = limit;
        this.windowStart = clock.getAsLong();
    }

    /** Takes one session from this second's budget; false is a "Throttle Error!". */
    synchronized boolean tryStart() {
        long now = clock.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart += (now - windowStart) / SECOND * SECOND;
            budget = limit;
        }
        return --budget > 0;
    }

    /** {@code fsctl sps N}: a positive N becomes the limit from the next second on (switch_core.c, SCSC_SPS). */
    synchronized int limit(int newLimit) {
        if (newLimit > 0) {
            limit = newLimit;
        }
        return limit;
    }
}
