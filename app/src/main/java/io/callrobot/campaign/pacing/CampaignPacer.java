package io.callrobot.campaign.pacing;

import io.callrobot.campaign.AttemptOutcome;
import io.callrobot.campaign.PacingSettings;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One campaign's pace: its own calls per second and calls at once, within the limits it shares
 * with every other campaign ({@link SwitchLimits}). A call may start when both agree; the permit
 * it gets is given back when the attempt ends, with the outcome, which adapts both rates (a
 * {@link AttemptOutcome#THROTTLED} call slows them down, a call the switch placed speeds them back
 * up; {@link AttemptOutcome#FAILED} says nothing about load and changes neither). Times are
 * monotonic nanoseconds. Thread-safe: the campaign's lock is taken before the shared limits'.
 */
public final class CampaignPacer {

    /**
     * {@link #nextStartAt} when the limit is calls at once: only a call ending frees a slot, in
     * this campaign or (for the shared limit) in any other, so the dialer retries on call ends.
     */
    public static final long WHEN_A_CALL_ENDS = Long.MAX_VALUE;

    private final RateLimiter rate;
    private final ConcurrencyLimit calls;
    private final SwitchLimits shared;

    public CampaignPacer(PacingSettings settings, SwitchLimits shared) {
        this.rate = new RateLimiter(settings.callsPerSecond(), 1);
        this.calls = new ConcurrencyLimit(settings.maxConcurrent());
        this.shared = shared;
    }

    /** A permit to start one call now, or null when a limit says not yet (see {@link #nextStartAt}). */
    public synchronized Permit tryStart(long now) {
        if (calls.isFull() || rate.nextPermitAt(now) > now || !shared.tryAcquire(now)) {
            return null;
        }
        calls.tryAcquire();
        rate.tryAcquire(now);
        return new Permit();
    }

    /**
     * {@code now} if a call may start, else the earliest time one may: a time from the rate
     * limits, or {@link #WHEN_A_CALL_ENDS}.
     */
    public synchronized long nextStartAt(long now) {
        if (calls.isFull()) {
            return WHEN_A_CALL_ENDS;
        }
        return Math.max(rate.nextPermitAt(now), shared.nextStartAt(now));
    }

    /** This campaign's calls up now. */
    public int active() {
        return calls.inUse();
    }

    /** The campaign's calls-per-second rate in force, after any slow-down. */
    public double callsPerSecond() {
        return rate.rate();
    }

    /** One started call's claim on the limits. */
    public final class Permit {
        private final AtomicBoolean ended = new AtomicBoolean();

        private Permit() {
        }

        /** The attempt ended with {@code outcome}: frees its slots and adapts the rates. Idempotent. */
        public void end(AttemptOutcome outcome, long now) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            synchronized (CampaignPacer.this) {
                calls.release();
                shared.release();
                if (outcome == AttemptOutcome.THROTTLED) {
                    rate.throttled(now);
                    shared.sessions().throttled(now);
                } else if (outcome != AttemptOutcome.FAILED) {
                    rate.succeeded();
                    shared.sessions().succeeded();
                }
            }
        }
    }
}
