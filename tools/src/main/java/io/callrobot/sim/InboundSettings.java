package io.callrobot.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the simulator's inbound event socket behaves.
 *
 * @param port              TCP port to listen on (8021 on a real switch); 0 picks a free one
 * @param password          what {@code auth} must give (event_socket.conf.xml {@code password})
 * @param sessionsPerSecond the switch's session rate limit ({@code fsctl sps}, switch.conf.xml {@code sessions-per-second})
 * @param callees           what happens to each dialled number
 * @param otherCallees      what happens to any other number
 * @param clock             nanoseconds for the session rate's one-second windows; a test may hold it still
 */
public record InboundSettings(int port, String password, int sessionsPerSecond, Map<String, Callee> callees,
                              Callee otherCallees, LongSupplier clock) {

    public InboundSettings {
        callees = Map.copyOf(callees);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(otherCallees, "otherCallees");
        Objects.requireNonNull(clock, "clock");
        if (sessionsPerSecond < 1) {
            throw new IllegalArgumentException("sessions per second must be positive: " + sessionsPerSecond);
        }
    }

    /** A free port, password ClueCon, 30 sessions per second (switch_core.c's default), every number answering. */
    public static InboundSettings defaults() {
        return new InboundSettings(0, "ClueCon", 30, Map.of(), Callee.answer(), System::nanoTime);
    }

    public InboundSettings withPort(int newPort) {
        return new InboundSettings(newPort, password, sessionsPerSecond, callees, otherCallees, clock);
    }

    public InboundSettings withPassword(String newPassword) {
        return new InboundSettings(port, newPassword, sessionsPerSecond, callees, otherCallees, clock);
    }

    public InboundSettings withSessionsPerSecond(int sps) {
        return new InboundSettings(port, password, sps, callees, otherCallees, clock);
    }

    /** {@code number} (as dialled, after the endpoint's prefix) goes as {@code callee} says. */
    public InboundSettings withCallee(String number, Callee callee) {
        Map<String, Callee> more = new HashMap<>(callees);
        more.put(number, callee);
        return new InboundSettings(port, password, sessionsPerSecond, more, otherCallees, clock);
    }

    public InboundSettings withOtherCallees(Callee callee) {
        return new InboundSettings(port, password, sessionsPerSecond, callees, callee, clock);
    }

    public InboundSettings withClock(LongSupplier nanoClock) {
        return new InboundSettings(port, password, sessionsPerSecond, callees, otherCallees, nanoClock);
    }

    Callee callee(String number) {
        return callees.getOrDefault(number, otherCallees);
    }
}
