package io.callrobot.esl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Event socket settings: the outbound socket server FreeSWITCH hands calls to, and FreeSWITCH's
 * inbound socket ({@code inbound}) through which calls are originated.
 *
 * @param host           address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port           TCP port FreeSWITCH's {@code socket} application connects to; 0 picks a free port
 * @param allowFrom      peers allowed to connect, as IPs or CIDRs ({@code 10.0.0.0/8}); others are closed at once
 * @param maxHeaderBytes bound on one frame's header block (channel data is the largest, a few KB)
 * @param maxBodyBytes   bound on one frame's body
 * @param commandTimeout how long a command waits for its reply
 * @param connectTimeout how long to wait for the channel data after sending {@code connect}
 * @param inbound        FreeSWITCH's inbound event socket, for originating calls
 */
public record EslConfig(String host, int port, List<String> allowFrom, int maxHeaderBytes, int maxBodyBytes,
                        Duration commandTimeout, Duration connectTimeout, InboundEslConfig inbound) {

    public EslConfig {
        allowFrom = List.copyOf(allowFrom);
        Objects.requireNonNull(inbound, "inbound");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxHeaderBytes <= 0 || maxBodyBytes <= 0) {
            throw new IllegalArgumentException("frame limits must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("time-outs must be positive");
        }
    }

    /**
     * 127.0.0.1:8040, loopback peers only, 64 KiB headers, 1 MiB bodies, 5 s command and connect time-outs;
     * the inbound socket's {@link InboundEslConfig#defaults() defaults}.
     */
    public static EslConfig defaults() {
        return new EslConfig("127.0.0.1", 8040, List.of("127.0.0.1/32", "::1/128"), 64 * 1024, 1024 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(5), InboundEslConfig.defaults());
    }

    public EslConfig withPort(int newPort) {
        return new EslConfig(host, newPort, allowFrom, maxHeaderBytes, maxBodyBytes, commandTimeout, connectTimeout,
                inbound);
    }

    public EslConfig withAllowFrom(List<String> newAllowFrom) {
        return new EslConfig(host, port, newAllowFrom, maxHeaderBytes, maxBodyBytes, commandTimeout, connectTimeout,
                inbound);
    }

    public EslConfig withTimeouts(Duration newCommandTimeout, Duration newConnectTimeout) {
        return new EslConfig(host, port, allowFrom, maxHeaderBytes, maxBodyBytes, newCommandTimeout, newConnectTimeout,
                inbound);
    }

    public EslConfig withInbound(InboundEslConfig newInbound) {
        return new EslConfig(host, port, allowFrom, maxHeaderBytes, maxBodyBytes, commandTimeout, connectTimeout,
                newInbound);
    }

    /**
     * Where FreeSWITCH's {@code socket} application reaches this robot for the calls it originates:
     * {@code inbound.socketHost} (or {@code host}) and the port the outbound server is bound to.
     *
     * @param boundPort the outbound server's port ({@link EslOutboundServer#port()}; differs from {@code port} when that is 0)
     * @throws IllegalArgumentException if {@code host} is a wildcard address and {@code inbound.socketHost} is empty
     */
    public String socketAddress(int boundPort) {
        String target = inbound.socketHost().isBlank() ? host : inbound.socketHost().trim();
        if (target.equals("0.0.0.0") || target.equals("::") || target.equals("[::]")) {
            throw new IllegalArgumentException("esl.inbound.socketHost: must name this robot's address as FreeSWITCH "
                    + "reaches it when esl.host is " + host);
        }
        return target + ":" + boundPort;
    }
}
