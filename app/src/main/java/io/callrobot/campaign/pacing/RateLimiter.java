package io.callrobot.campaign.pacing;

/**
 * Calls per second as a token bucket (kept as the generic cell rate algorithm's theoretical
 * arrival time: one number, no refill loop) whose rate adapts to the switch: additive increase,
 * multiplicative decrease. A throttled call halves the rate, at most once a second so the calls
 * already in flight when the switch began refusing do not halve it again; each call the switch
 * accepts gives back a twentieth of the configured rate. The rate never exceeds the configured
 * one and never falls below a sixteenth of it, so calls keep probing a switch that recovers.
 * Times are monotonic nanoseconds. Thread-safe.
 */
public final class RateLimiter {

    private static final double FLOOR_FRACTION = 1.0 / 16;
    private static final double RECOVERY_FRACTION = 1.0 / 20;
    private static final long DECREASE_HOLD_OFF_NANOS = 1_000_000_000L;

    private final double maxRate;
    private final int burst;
    private double rate;
    private long interval;
    private boolean started;
    private long tat;
    private boolean decreased;
    private long lastDecrease;

    /**
     * @param perSecond the configured rate, permits per second (may be below 1)
     * @param burst     permits that may be taken at once after a quiet spell (1: evenly spaced)
     */
    public RateLimiter(double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.maxRate = perSecond;
        this.burst = burst;
        setRate(perSecond);
    }

    /** Takes a permit if one is free at {@code now}. */
    public synchronized boolean tryAcquire(long now) {
        if (nextPermitAt(now) > now) {
            return false;
        }
        tat = Math.max(tat, now) + interval;
        return true;
    }

    /** {@code now} if a permit is free, else when the next one will be. */
    public synchronized long nextPermitAt(long now) {
        if (!started) {
            started = true;
            tat = now;
        }
        return Math.max(now, tat - (burst - 1) * interval);
    }

    /** The switch refused a call: halve the rate (once per second at most) and drop any burst. */
    public synchronized void throttled(long now) {
        if (decreased && now - lastDecrease < DECREASE_HOLD_OFF_NANOS) {
            return;
        }
        decreased = true;
        lastDecrease = now;
        setRate(Math.max(maxRate * FLOOR_FRACTION, rate / 2));
        nextPermitAt(now);
        tat = Math.max(tat, now + burst * interval); // the next permit one new interval away, burst spent
    }

    /** The switch accepted a call: recover a step towards the configured rate. */
    public synchronized void succeeded() {
        setRate(Math.min(maxRate, rate + maxRate * RECOVERY_FRACTION));
    }

    /** The rate in force, permits per second. */
    public synchronized double rate() {
        return rate;
    }

    public double maxRate() {
        return maxRate;
    }

    private void setRate(double perSecond) {
        rate = perSecond;
        interval = Math.max(1, Math.round(1e9 / perSecond));
    }
}
