package io.callrobot.esl;

import java.time.Duration;
import java.util.Objects;

/**
 * FreeSWITCH's inbound event socket, through which CallRobot originates campaign calls
 * ({@code mod_event_socket}, configured in {@code event_socket.conf.xml}).
 *
 * @param host           where mod_event_socket listens ({@code listen-ip})
 * @param port           its {@code listen-port}, 8021 as FreeSWITCH ships it
 * @param password       its {@code password}; a secret, read from {@code CALLROBOT_ESL_INBOUND_PASSWORD} only
 * @param socketHost     the robot's address as FreeSWITCH reaches it, for the {@code socket} application of
 *                       originated calls (with {@code esl.port}); empty: {@code esl.host}
 * @param connectTimeout how long a TCP connect and FreeSWITCH's {@code auth/request} greeting may take
 * @param commandTimeout how long a command waits for its reply ({@code api} output, {@code bgapi}'s Job-UUID)
 * @param backoffMin     the first reconnect delay after the socket is lost or refused; doubled after each failure
 * @param backoffMax     the longest reconnect delay
 */
public record InboundEslConfig(String host, int port, String password, String socketHost, Duration connectTimeout,
        Duration commandTimeout, Duration backoffMin, Duration backoffMax) {

    /** conf/vanilla/autoload_configs/event_socket.conf.xml ships {@code listen-port} 8021 and {@code password} ClueCon. */
    public static final String DEFAULT_PASSWORD = "ClueCon";

    public InboundEslConfig {
        Objects.requireNonNull(socketHost, "socketHost");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (password == null || password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("password must be one non-empty line");
        }
        if (!positive(connectTimeout) || !positive(commandTimeout) || !positive(backoffMin) || !positive(backoffMax)) {
            throw new IllegalArgumentException("time-outs and back-off delays must be positive");
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoffMax " + backoffMax + " is shorter than backoffMin " + backoffMin);
        }
    }

    /** 127.0.0.1:8021, password ClueCon, 5 s connect and command time-outs, reconnecting after 500 ms doubling to 30 s. */
    public static InboundEslConfig defaults() {
        return new InboundEslConfig("127.0.0.1", 8021, DEFAULT_PASSWORD, "", Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public InboundEslConfig withAddress(String newHost, int newPort) {
        return new InboundEslConfig(newHost, newPort, password, socketHost, connectTimeout, commandTimeout, backoffMin,
                backoffMax);
    }

    public InboundEslConfig withPassword(String newPassword) {
        return new InboundEslConfig(host, port, newPassword, socketHost, connectTimeout, commandTimeout, backoffMin,
                backoffMax);
    }

    public InboundEslConfig withBackoff(Duration min, Duration max) {
        return new InboundEslConfig(host, port, password, socketHost, connectTimeout, commandTimeout, min, max);
    }

    public InboundEslConfig withTimeouts(Duration connect, Duration command) {
        return new InboundEslConfig(host, port, password, socketHost, connect, command, backoffMin, backoffMax);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "InboundEslConfig[host=" + host + ", port=" + port + ", password=***, socketHost=" + socketHost
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + ", backoffMin="
                + backoffMin + ", backoffMax=" + backoffMax + "]";
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
