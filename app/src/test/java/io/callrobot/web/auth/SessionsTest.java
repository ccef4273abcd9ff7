package io.callrobot.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T01:00:00Z"));
    private final InstantSource clock = now::get;
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(2));
    private final Account ops = new Account("ops", Role.OPERATOR, false);

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void aSessionHasRandomIdsAndEndsAfterIdleTime() {
        Session s = sessions.create(ops);
        assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrf()).isNotEqualTo(sessions.create(ops).id());
        advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).contains(s);
        advance(Duration.ofMinutes(29)); // 58 minutes after login, 29 after the last use
        assertThat(sessions.find(s.id())).contains(s);
        advance(Duration.ofMinutes(30));
        assertThat(sessions.find(s.id())).isEmpty();
        advance(Duration.ofMinutes(-59));
        assertThat(sessions.find(s.id())).as("forgotten once expired").isEmpty();
    }

    @Test
    void aBusySessionStillEndsAtItsAbsoluteTimeOut() {
        Session s = sessions.create(ops);
        for (int i = 0; i < 11; i++) {
            advance(Duration.ofMinutes(10));
            assertThat(sessions.find(s.id())).contains(s);
        }
        advance(Duration.ofMinutes(10));
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void loggingOutEndsTheSessionAndUnknownIdsFindNothing() {
        Session s = sessions.create(ops);
        sessions.end(s.id());
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(new Account("root", Role.ADMIN, false).seesNumbers()).isTrue();
    }
}
