package io.callrobot.web;

import io.callrobot.web.auth.Accounts;
import io.callrobot.web.auth.LoginThrottle;
import io.callrobot.web.auth.Sessions;
import java.time.Duration;
import java.time.InstantSource;

/**
 * How people log in to the console and the API.
 *
 * @param required      whether every request needs a login (or the bearer token); otherwise loopback
 *                      clients without one act as the admin {@code local}
 * @param secureCookies mark the session cookies {@code Secure} (browsers reach the server over HTTPS)
 */
public record Logins(boolean required, Accounts accounts, Sessions sessions, LoginThrottle throttle,
        boolean secureCookies) {

    /** Nobody logs in: loopback clients and the bearer token only, as before logins existed. */
    public static Logins none() {
        InstantSource clock = InstantSource.system();
        return new Logins(false, Accounts.none(), new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12)),
                LoginThrottle.standard(clock), false);
    }
}
