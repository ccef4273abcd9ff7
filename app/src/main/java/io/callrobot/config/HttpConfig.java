package io.callrobot.config;

/** The ops HTTP endpoint ({@code /health}, {@code /metrics}, {@code /calls}). */
public record HttpConfig(String host, int port) {

    public static HttpConfig defaults() {
        return new HttpConfig("127.0.0.1", 8080);
    }
}
