package io.callrobot.web.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after failed logins from one client address, or for one user name, the
 * next attempt from it waits {@code base} doubled per failure in a row, up to {@code max}. Never a
 * lock-out: whoever knows the password gets in after at most {@code max}, so nobody can shut a user
 * out by failing on purpose. A success clears the name and the address.
 */
public final class LoginThrottle {

    /** Keys remembered at most; beyond, those whose wait has passed are forgotten. */
    static final int MAX_KEYS = 100_000;

    private record Failures(int count, Instant until) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Duration base;
    private final Duration max;

    public LoginThrottle(InstantSource clock, Duration base, Duration max) {
        this.clock = clock;
        this.base = base;
        this.max = max;
    }

    /** One second doubling up to 30 s. */
    public static LoginThrottle standard(InstantSource clock) {
        return new LoginThrottle(clock, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** How long a login from {@code address} for {@code name} must still wait; zero when it may go now. */
    public Duration wait(String address, String name) {
        Instant now = clock.instant();
        Duration byAddress = remaining(addressKey(address), now);
        Duration byName = remaining(nameKey(name), now);
        return byAddress.compareTo(byName) >= 0 ? byAddress : byName;
    }

    /** Records a failed login; returns the failures in a row for the name. */
    public int failed(String address, String name) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> !f.until().isAfter(now));
        }
        failures.merge(addressKey(address), first(now), (old, f) -> next(old, now));
        return failures.merge(nameKey(name), first(now), (old, f) -> next(old, now)).count();
    }

    /** A successful login clears both. */
    public void succeeded(String address, String name) {
        failures.remove(addressKey(address));
        failures.remove(nameKey(name));
    }

    private Duration remaining(String key, Instant now) {
        Failures f = failures.get(key);
        return f == null || !f.until().isAfter(now) ? Duration.ZERO : Duration.between(now, f.until());
    }

    private Failures first(Instant now) {
        return new Failures(1, now.plus(base));
    }

    private Failures next(Failures old, Instant now) {
        int count = old.count() + 1;
        Duration delay = base.multipliedBy(1L << Math.min(count - 1, 20));
        return new Failures(count, now.plus(delay.compareTo(max) > 0 ? max : delay));
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String nameKey(String name) {
        return "name " + name;
    }
}
