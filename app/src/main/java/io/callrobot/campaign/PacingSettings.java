package io.callrobot.campaign;

/**
 * How fast a campaign places calls.
 *
 * @param maxConcurrent   calls of this campaign up at once (ringing or talking)
 * @param callsPerSecond  calls started per second, at most; may be below 1 (0.5: one every 2 s)
 */
public record PacingSettings(int maxConcurrent, double callsPerSecond) {

    public static final int MAX_CONCURRENT = 10_000;
    public static final double MIN_RATE = 0.01;
    public static final double MAX_RATE = 1000;

    public PacingSettings {
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw new IllegalArgumentException("maxConcurrent must be between 1 and " + MAX_CONCURRENT);
        }
        if (!(callsPerSecond >= MIN_RATE && callsPerSecond <= MAX_RATE)) {
            throw new IllegalArgumentException("callsPerSecond must be between " + MIN_RATE + " and " + MAX_RATE);
        }
    }

    /**
     * 10 calls at once, 2 started per second: well under FreeSWITCH's default 30 sessions per
     * second, so several campaigns can share a switch before anyone tunes it.
     */
    public static PacingSettings defaults() {
        return new PacingSettings(10, 2);
    }
}
