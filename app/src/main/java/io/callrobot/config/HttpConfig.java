package io.callrobot.config;

import java.time.Duration;

/**
 * The ops HTTP endpoint ({@code /health}, {@code /metrics}, {@code /calls}).
 *
 * @param host           address to bind
 * @param port           TCP port; 0 picks a free port
 * @param maxConnections connections open at once; more are closed as they arrive
 * @param idleTimeout    a connection with no request in progress is closed after this long
 * @param requestTimeout a request must arrive whole within this long of its first byte
 * @param maxRequestBytes a request body larger than this is refused (413); bounds an API upload
 *                        (a contacts CSV) held in memory
 */
public record HttpConfig(String host, int port, int maxConnections, Duration idleTimeout, Duration requestTimeout,
                         int maxRequestBytes) {

    public HttpConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, not " + maxRequestBytes);
        }
        if (!idleTimeout.isPositive() || !requestTimeout.isPositive()) {
            throw new IllegalArgumentException("time-outs must be positive");
        }
    }

    /** 127.0.0.1:8080, 64 connections, 60 s idle, 30 s to send a request, 32 MiB bodies (about 500 000 contacts). */
    public static HttpConfig defaults() {
        return new HttpConfig("127.0.0.1", 8080, 64, Duration.ofSeconds(60), Duration.ofSeconds(30), 32 * 1024 * 1024);
    }
}
