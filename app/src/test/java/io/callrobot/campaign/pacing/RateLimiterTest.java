package io.callrobot.campaign.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callrobot.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long MS = 1_000_000;

    private final ManualClock clock = new ManualClock();

    private long now() {
        return clock.nanoTime();
    }

    private void advanceMillis(long ms) {
        clock.advance(ms, TimeUnit.MILLISECONDS);
    }

    @Test
    void permitsAreEvenlySpaced() {
        RateLimiter limiter = new RateLimiter(2, 1);
        assertThat(limiter.tryAcquire(now())).isTrue();
        assertThat(limiter.tryAcquire(now())).isFalse();
        assertThat(limiter.nextPermitAt(now())).isEqualTo(now() + 500 * MS);
        advanceMillis(499);
        assertThat(limiter.tryAcquire(now())).isFalse();
        advanceMillis(1);
        assertThat(limiter.tryAcquire(now())).isTrue();
    }

    @Test
    void aRateBelowOnePerSecondSpacesPermitsBySeconds() {
        RateLimiter limiter = new RateLimiter(0.5, 1);
        assertThat(limiter.tryAcquire(now())).isTrue();
        assertThat(limiter.nextPermitAt(now())).isEqualTo(now() + 2000 * MS);
    }

    @Test
    void aQuietSpellSavesUpToTheBurstOnly() {
        RateLimiter limiter = new RateLimiter(10, 3);
        advanceMillis(10_000);
        assertThat(limiter.tryAcquire(now())).isTrue();
        assertThat(limiter.tryAcquire(now())).isTrue();
        assertThat(limiter.tryAcquire(now())).isTrue();
        assertThat(limiter.tryAcquire(now())).isFalse();
        assertThat(limiter.nextPermitAt(now())).isEqualTo(now() + 100 * MS);
    }

    @Test
    void aThrottleHalvesTheRateOncePerSecondDownToASixteenth() {
        RateLimiter limiter = new RateLimiter(32, 1);
        limiter.throttled(now());
        assertThat(limiter.rate()).isEqualTo(16);
        limiter.throttled(now() + 999 * MS); // calls already in flight: no second halving
        assertThat(limiter.rate()).isEqualTo(16);
        for (int i = 1; i <= 10; i++) {
            advanceMillis(1000);
            limiter.throttled(now());
        }
        assertThat(limiter.rate()).isEqualTo(2); // 32 / 16: the floor
    }

    @Test
    void successesRecoverSlowlyAndNeverPastTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter(20, 1);
        limiter.throttled(now());
        assertThat(limiter.rate()).isEqualTo(10);
        limiter.succeeded();
        assertThat(limiter.rate()).isCloseTo(11, within(1e-9)); // a twentieth of 20 per success
        for (int i = 0; i < 100; i++) {
            limiter.succeeded();
        }
        assertThat(limiter.rate()).isEqualTo(20);
        assertThat(limiter.maxRate()).isEqualTo(20);
    }

    @Test
    void aThrottlePausesForOneIntervalAtTheNewRate() {
        RateLimiter limiter = new RateLimiter(10, 5);
        advanceMillis(5000); // a full burst saved up
        limiter.throttled(now());
        assertThat(limiter.tryAcquire(now())).isFalse();
        assertThat(limiter.nextPermitAt(now())).isEqualTo(now() + 200 * MS); // 5 per second now
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).hasMessage("rate must be positive, got 0.0");
        assertThatThrownBy(() -> new RateLimiter(1, 0)).hasMessage("burst must be at least 1, got 0");
    }
}
