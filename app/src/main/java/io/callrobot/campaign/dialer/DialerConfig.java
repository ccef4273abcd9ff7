package io.callrobot.campaign.dialer;

import java.time.Duration;

/**
 * The dialer's settings ({@code dialer.*}).
 *
 * @param enabled           place calls for running campaigns; false: this robot only answers calls
 * @param robotId           this robot's name in leases and attempts; empty: host name and ESL port
 * @param sessionsPerSecond calls started per second across campaigns: keep under FreeSWITCH's
 *                          {@code sessions-per-second} (30 as shipped)
 * @param lease             how long a claimed contact stays this robot's without renewal: a robot that
 *                          dies frees its contacts after this long
 * @param ringTimeout       how long an attempt rings ({@code originate_timeout})
 * @param endGrace          after FreeSWITCH reports an answered call's hang-up, how long to wait for the
 *                          robot's own record of it (its result tag) before ending the attempt without
 */
public record DialerConfig(boolean enabled, String robotId, double sessionsPerSecond, Duration lease,
                           Duration ringTimeout, Duration endGrace) {

    public DialerConfig {
        robotId = robotId == null ? "" : robotId.trim();
        if (!(sessionsPerSecond > 0)) {
            throw new IllegalArgumentException("sessionsPerSecond must be positive");
        }
        if (lease.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("lease must be at least 10s (it is renewed every third of it)");
        }
        if (!ringTimeout.isPositive() || ringTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("ringTimeout must be between 1s and 10m");
        }
        if (endGrace.isNegative()) {
            throw new IllegalArgumentException("endGrace must not be negative");
        }
    }

    /** Enabled, 20 calls per second, 2-minute leases, 45 s of ringing, 15 s for the call record. */
    public static DialerConfig defaults() {
        return new DialerConfig(true, "", 20, Duration.ofMinutes(2), Duration.ofSeconds(45), Duration.ofSeconds(15));
    }
}
