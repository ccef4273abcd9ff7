package io.callrobot.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Logins to the console and the API.
 *
 * @param required        login even when {@code http.host} is loopback (it always is otherwise)
 * @param users           who may log in, with their password hashes ({@code callrobot passwd})
 * @param adminToken      logs in as {@code admin} (from {@code CALLROBOT_ADMIN_TOKEN} only); empty: none
 * @param sessionIdle     a session ends after this long without a request
 * @param sessionMax      a session ends this long after its login, however busy
 * @param secureCookies   mark cookies {@code Secure}: set when browsers reach the server over HTTPS
 *                        (a TLS proxy in front)
 */
public record AuthConfig(boolean required, List<User> users, String adminToken, Duration sessionIdle,
        Duration sessionMax, boolean secureCookies) {

    public AuthConfig {
        users = users == null ? List.of() : List.copyOf(users);
        adminToken = adminToken == null ? "" : adminToken;
        if (!sessionIdle.isPositive() || !sessionMax.isPositive()) {
            throw new IllegalArgumentException("sessionIdle and sessionMax must be positive");
        }
    }

    /** No users, no token; 30 minutes idle, 12 hours at most. */
    public static AuthConfig defaults() {
        return new AuthConfig(false, List.of(), "", Duration.ofMinutes(30), Duration.ofHours(12), false);
    }

    /**
     * One user. In YAML a mapping; in the environment ({@code CALLROBOT_AUTH_USERS}) a comma-separated
     * list of {@code name:role:hash}.
     *
     * @param role        {@code admin}, {@code operator} or {@code viewer}
     * @param seesNumbers show this operator or viewer whole phone numbers (an admin always sees them)
     */
    public record User(String name, String passwordHash, String role, boolean seesNumbers) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public User(@JsonProperty("name") String name, @JsonProperty("passwordHash") String passwordHash,
                @JsonProperty("role") String role, @JsonProperty("seesNumbers") boolean seesNumbers) {
            this.name = name;
            this.passwordHash = passwordHash;
            this.role = role;
            this.seesNumbers = seesNumbers;
        }

        /** {@code name:role:hash}, the environment's form. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static User parse(String text) {
            String[] parts = text.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected name:role:passwordHash, not " + text.split(":")[0] + ":...");
            }
            return new User(parts[0].strip(), parts[2].strip(), parts[1].strip(), false);
        }
    }
}
