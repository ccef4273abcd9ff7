package io.callrobot.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T01:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(now::get, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void failuresDoubleTheWaitPerAddressAndPerNameUpToTheMaximum() {
        assertThat(throttle.wait("10.0.0.1", "ops")).isZero();
        for (int i = 1; i <= 7; i++) {
            assertThat(throttle.failed("10.0.0.1", "ops")).isEqualTo(i);
        }
        assertThat(throttle.wait("10.0.0.1", "ops")).isEqualTo(Duration.ofSeconds(30));
        // the same name from elsewhere waits too, and the same address for another name
        assertThat(throttle.wait("10.0.0.2", "ops")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.wait("10.0.0.1", "viewer")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.wait("10.0.0.2", "viewer")).isZero();
        now.set(now.get().plusSeconds(30));
        assertThat(throttle.wait("10.0.0.1", "ops")).as("never a lock-out").isZero();
    }

    @Test
    void theWaitGrowsOneSecondTwoFour() {
        throttle.failed("a", "n");
        assertThat(throttle.wait("a", "n")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("a", "n");
        assertThat(throttle.wait("a", "n")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("a", "n");
        assertThat(throttle.wait("a", "n")).isEqualTo(Duration.ofSeconds(4));
        throttle.succeeded("a", "n");
        assertThat(throttle.wait("a", "n")).isZero();
    }
}
