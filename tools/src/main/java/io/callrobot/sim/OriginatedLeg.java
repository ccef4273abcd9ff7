package io.callrobot.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound leg of one simulated originate, from ringing to hangup. Its events and the job's
 * result follow switch_ivr_originate.c: the leg rings ({@code CHANNEL_PROGRESS}), then either
 * answers ({@code CHANNEL_ANSWER}, the job's {@code +OK <uuid>}, and the answered leg runs the
 * {@code socket} application, i.e. connects to the robot) or goes down ({@code CHANNEL_HANGUP},
 * {@code CHANNEL_HANGUP_COMPLETE} with its cause, the job's {@code -ERR <cause>}); ringing that
 * outlasts originate_timeout ends with NO_ANSWER. Thread-safe.
 */
final class OriginatedLeg {

    private static final Logger LOG = LoggerFactory.getLogger(OriginatedLeg.class);
    /** mod_event_socket.c, socket_function: the port when the argument names none. */
    private static final int DEFAULT_SOCKET_PORT = 8084;
    /** How much longer than its length an announcement may take to play: the robot's media starting. */
    private static final Duration ANNOUNCEMENT_SLACK = Duration.ofSeconds(10);

    private enum State { RINGING, ANSWERED, ENDED }

    private final InboundEventSocket owner;
    private final String jobUuid;
    private final String argument;
    private final OriginateParser.Parsed originate;
    private final Callee callee;
    private final SimCallSpec spec;
    private final ChannelEvents events;

    // Guarded by this.
    private State state = State.RINGING;
    private ScheduledFuture<?> pending;
    private SimulatedCall call;

    OriginatedLeg(InboundEventSocket owner, String jobUuid, String argument, OriginateParser.Parsed originate,
                  String uuid, String number, Callee callee) {
        this.owner = owner;
        this.jobUuid = jobUuid;
        this.argument = argument;
        this.originate = originate;
        this.callee = callee;
        Map<String, String> variables = new LinkedHashMap<>(originate.variables());
        // switch_core_session.c, switch_core_session_outgoing_channel deletes origination_uuid once used as the uuid
        variables.keySet().removeIf(name -> name.equalsIgnoreCase("origination_uuid"));
        String callerNumber = variables.getOrDefault("origination_caller_id_number", "0000000000");
        String[] socket = socketAddress(originate.applicationArg());
        this.spec = new SimCallSpec(socket[0], Integer.parseInt(socket[1]), uuid, SimCallSpec.Direction.OUTBOUND,
                callerNumber, number, "PCMU", 8000, false, false, variables);
        this.events = new ChannelEvents(spec, owner.coreUuid(), owner.eventSequence());
    }

    String uuid() {
        return spec.uuid();
    }

    /** The leg exists: rings, then goes as its callee says. */
    void start() {
        Duration timeout = Duration.ofSeconds(originate.timeoutSeconds());
        emit("CHANNEL_CREATE", "CS_INIT", false, Map.of());
        boolean endsInTime = callee.kind() != Callee.Kind.RING && callee.after().compareTo(timeout) < 0;
        if (!endsInTime) {
            emit("CHANNEL_PROGRESS", "CS_CONSUME_MEDIA", false, Map.of());
            schedule(() -> fail("NO_ANSWER"), timeout);
            return;
        }
        if (!callee.after().isZero()) {
            emit("CHANNEL_PROGRESS", "CS_CONSUME_MEDIA", false, Map.of());
        }
        Runnable end = callee.kind() == Callee.Kind.ANSWER ? this::answer : () -> fail(callee.cause());
        schedule(end, callee.after());
    }

    /** {@code uuid_kill}: a ringing leg's originate ends with this cause; an answered call hangs up. */
    void kill(String cause) {
        SimulatedCall answered;
        synchronized (this) {
            answered = call;
        }
        if (answered != null) {
            answered.hangup(cause);
        } else if (!fail(cause)) {
            ended(cause);
        }
    }

    /** The switch went away: the leg vanishes without a word, an answered call's socket drops. */
    void drop() {
        SimulatedCall answered;
        synchronized (this) {
            state = State.ENDED;
            if (pending != null) {
                pending.cancel(false);
            }
            answered = call;
        }
        if (answered != null) {
            answered.close();
        }
    }

    private void answer() {
        synchronized (this) {
            if (state != State.RINGING) {
                return;
            }
            state = State.ANSWERED;
        }
        emit("CHANNEL_ANSWER", "CS_CONSUME_MEDIA", true, Map.of());
        // mod_commands.c, originate_function: "+OK <uuid>\n" once switch_ivr_originate returns the answered leg
        owner.job(jobUuid, "originate", argument, "+OK " + spec.uuid() + "\n");
        if (!"socket".equals(originate.application())) {
            LOG.warn("sim originate {}: extension '{}' is not simulated; the call is cleared", spec.uuid(), originate.extension());
            ended("NORMAL_CLEARING");
            return;
        }
        Thread.ofVirtual().name("sim-originate-" + spec.uuid()).start(this::connectRobot);
    }

    private void connectRobot() {
        SimCallSpec answered = new SimCallSpec(spec.eslHost(), spec.eslPort(), spec.uuid(), spec.direction(),
                spec.callerNumber(), spec.calleeNumber(), spec.codec(), spec.sampleRate(), true, false, spec.variables());
        SimulatedCall placed;
        try {
            placed = owner.place(answered);
        } catch (IOException | IllegalStateException e) {
            // mod_event_socket.c, socket_function logs "Socket Error!" and returns; nothing follows, so the call clears
            LOG.warn("sim originate {}: socket {}:{} failed: {}", spec.uuid(), spec.eslHost(), spec.eslPort(), e.getMessage());
            ended("NORMAL_CLEARING");
            return;
        }
        boolean dropped;
        synchronized (this) {
            dropped = state == State.ENDED;
            call = placed;
        }
        if (dropped) {
            placed.close();
            return;
        }
        placed.channelEnded().thenAccept(this::ended);
        if (callee.announcement() != null) {
            announce(placed, callee.announcement());
        }
        owner.placed(placed);
    }

    /** The announcement plays from answer; a carrier clears the line once it has been played. */
    private void announce(SimulatedCall placed, Announcement announcement) {
        placed.play(announcement.audio());
        if (!announcement.hangsUp()) {
            return;
        }
        Duration playing = Duration.ofMillis(Math.round(announcement.audio().seconds() * 1000)).plus(ANNOUNCEMENT_SLACK);
        Thread.ofVirtual().name("sim-announce-" + spec.uuid()).start(() -> {
            try {
                placed.awaitCallerAudioSentOrEnded(playing);
                placed.hangup("NORMAL_CLEARING");
            } catch (TimeoutException e) {
                LOG.warn("sim originate {}: announcement still playing after {} ms; the line is cleared", spec.uuid(),
                        playing.toMillis());
                placed.hangup("NORMAL_CLEARING");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** A ringing leg goes down: its hangup events, then the job's -ERR. False if it was not ringing. */
    private boolean fail(String cause) {
        synchronized (this) {
            if (state != State.RINGING) {
                return false;
            }
            state = State.ENDED;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        hangupEvents(cause, false);
        owner.job(jobUuid, "originate", argument, "-ERR " + cause + "\n");
        owner.legEnded(this);
        return true;
    }

    /** An answered leg goes down. */
    private void ended(String cause) {
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
        }
        hangupEvents(cause, true);
        owner.legEnded(this);
    }

    private void hangupEvents(String cause, boolean answered) {
        Map<String, String> hangup = Map.of("Hangup-Cause", cause, "variable_hangup_cause", cause);
        emit("CHANNEL_HANGUP", "CS_HANGUP", answered, hangup);
        emit("CHANNEL_HANGUP_COMPLETE", "CS_REPORTING", answered, hangup);
    }

    private void emit(String name, String channelState, boolean answered, Map<String, String> extra) {
        owner.broadcast(name, events.channelEvent(name, channelState, answered, extra), "");
    }

    private synchronized void schedule(Runnable task, Duration delay) {
        if (state == State.RINGING) {
            pending = owner.timers().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** socket_function: the first argument, its first {@code |} alternative, the port after its last colon. */
    private static String[] socketAddress(String applicationArg) {
        if (applicationArg == null || applicationArg.isBlank()) {
            return new String[] {"", "0"};
        }
        List<String> argv = SwitchStrings.separate(applicationArg, ' ', 80);
        String host = argv.get(0).split("\\|", -1)[0];
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            return new String[] {host, String.valueOf(DEFAULT_SOCKET_PORT)};
        }
        return new String[] {host.substring(0, colon), String.valueOf(OriginateParser.atoi(host.substring(colon + 1)))};
    }
}
