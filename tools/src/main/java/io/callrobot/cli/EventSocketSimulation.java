package io.callrobot.cli;

import io.callrobot.sim.Callee;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.InboundEventSocket;
import io.callrobot.sim.InboundSettings;
import io.callrobot.sim.SimulatedCall;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code callrobot simulate --event-socket PORT}: the simulator as the switch a dialer originates
 * through, until the process is stopped. Each answered call's caller plays the script.
 */
final class EventSocketSimulation {

    private final InboundSettings settings;
    private final CallerScript script;

    EventSocketSimulation(InboundSettings settings, CallerScript script) {
        this.settings = settings;
        this.script = script;
    }

    int run(PrintStream out) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (FreeSwitchSimulator simulator = new FreeSwitchSimulator()) {
            InboundEventSocket socket = simulator.startInbound(settings, call -> Thread.ofVirtual()
                    .name("sim-caller-" + call.uuid()).start(() -> play(call, out)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                socket.stop();
                stopped.countDown();
            }));
            out.println("FreeSWITCH event socket simulator on 127.0.0.1:" + socket.port() + " (password "
                    + settings.password() + ", " + settings.sessionsPerSecond() + " sessions per second); Ctrl-C stops it");
            stopped.await();
        }
        return 0;
    }

    private void play(SimulatedCall call, PrintStream out) {
        String who = "call " + call.uuid() + " to " + call.spec().calleeNumber();
        out.println(who + ": answered and handed to the robot");
        try {
            if (!script.run(call, new ArrayList<>())) {
                out.println(who + ": ended, " + call.awaitHangup(Duration.ofHours(1)));
            } else {
                out.println(who + ": caller hung up");
            }
        } catch (Exception e) {
            out.println(who + ": " + e.getMessage());
            call.hangup("NORMAL_CLEARING");
        }
    }

    /**
     * An outcome as the command line spells it: {@code answer}, {@code answer:SECONDS}, {@code busy},
     * {@code no_answer}, {@code no_session}, or a cause name, optionally {@code :SECONDS} of ringing first.
     */
    static Callee callee(String text) {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        Duration ringing;
        try {
            ringing = colon < 0 ? Duration.ZERO : Duration.ofMillis(Math.round(Double.parseDouble(text.substring(colon + 1)) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--callee '" + text + "': the ringing time after ':' is not a number of seconds");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "answer" -> Callee.answerAfter(ringing);
            case "busy" -> Callee.hangupAfter(ringing, "USER_BUSY");
            case "no_answer" -> Callee.noAnswer();
            case "no_session" -> Callee.noSession();
            default -> {
                if (!name.matches("[A-Z][A-Z_]*")) {
                    throw new IllegalArgumentException("--callee '" + text + "': use answer, busy, no_answer, no_session "
                            + "or a FreeSWITCH cause such as UNALLOCATED_NUMBER");
                }
                yield Callee.hangupAfter(ringing, name);
            }
        };
    }
}
