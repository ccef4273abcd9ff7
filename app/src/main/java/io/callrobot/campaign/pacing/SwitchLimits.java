package io.callrobot.campaign.pacing;

/**
 * The limits all campaigns share: calls started per second on the switch (stay under
 * FreeSWITCH's {@code sessions-per-second}, 30 by default in {@code switch.conf.xml}: above it the
 * switch refuses calls) and calls up at once (the robot's {@code call.maxCalls}). One instance per
 * robot. Thread-safe; its lock is taken after a campaign pacer's, never before.
 */
public final class SwitchLimits {

    private final RateLimiter sessions;
    private final ConcurrencyLimit calls;

    public SwitchLimits(double sessionsPerSecond, int maxCalls) {
        this.sessions = new RateLimiter(sessionsPerSecond, 1);
        this.calls = new ConcurrencyLimit(maxCalls);
    }

    /** Takes a call slot and a session permit together, or neither. */
    synchronized boolean tryAcquire(long now) {
        if (calls.isFull() || sessions.nextPermitAt(now) > now) {
            return false;
        }
        calls.tryAcquire();
        sessions.tryAcquire(now);
        return true;
    }

    /** Like {@link CampaignPacer#nextStartAt}: when a call could start as far as the switch goes. */
    synchronized long nextStartAt(long now) {
        return calls.isFull() ? CampaignPacer.WHEN_A_CALL_ENDS : sessions.nextPermitAt(now);
    }

    void release() {
        calls.release();
    }

    RateLimiter sessions() {
        return sessions;
    }

    /** Calls up now, all campaigns. */
    public int active() {
        return calls.inUse();
    }

    /** The sessions-per-second rate in force, after any slow-down. */
    public double sessionsPerSecond() {
        return sessions.rate();
    }
}
