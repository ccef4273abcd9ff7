package io.callrobot.config;

/**
 * The JSON API under {@code /api/} on the ops HTTP server.
 *
 * @param token bearer token every request must carry (from {@code CALLROBOT_API_TOKEN} only); empty:
 *              the API answers only clients on loopback
 */
public record ApiConfig(String token) {

    public ApiConfig {
        token = token == null ? "" : token;
    }

    public static ApiConfig defaults() {
        return new ApiConfig("");
    }
}
