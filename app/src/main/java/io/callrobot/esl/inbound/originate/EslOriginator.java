package io.callrobot.esl.inbound.originate;

import io.callrobot.esl.EslConfig;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.inbound.EslCommandException;
import io.callrobot.esl.inbound.InboundEslClient;
import io.callrobot.esl.inbound.InboundEslListener;
import io.callrobot.time.CallClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Originator} on FreeSWITCH's inbound event socket: {@code bgapi originate ...} per
 * attempt, the outcome from the {@code BACKGROUND_JOB} (mod_commands.c, originate_function answers
 * {@code +OK <uuid>} or {@code -ERR <CAUSE>}), ringing from {@code CHANNEL_PROGRESS} and
 * {@code CHANNEL_PROGRESS_MEDIA}, and the end of answered calls from {@code CHANNEL_HANGUP_COMPLETE}.
 */
public final class EslOriginator implements Originator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EslOriginator.class);
    /** The events an originator needs; FreeSWITCH sends every listener all channels' events of these kinds. */
    static final List<String> EVENTS = List.of("BACKGROUND_JOB", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA",
            "CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE");
    /**
     * How long after originate_timeout the BACKGROUND_JOB may still come: the answer itself, a
     * carrier's late final response, FreeSWITCH's hangup of the ringing leg.
     */
    static final Duration RESULT_GRACE = Duration.ofSeconds(30);
    /** FreeSWITCH checks originate_timeout once a second (time_t seconds, switch_ivr_originate.c). */
    private static final Duration TIMEOUT_SLACK = Duration.ofMillis(500);
    private static final Pattern UUID_TEXT = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern CAUSE = Pattern.compile("[A-Z][A-Z_]*");
    // mod_commands.c, ctl_function "sps": "+OK sessions per second: %d\n"
    private static final Pattern SPS = Pattern.compile("\\+OK sessions per second: (\\d+)\\s*");

    private final InboundEslClient client;
    private final String socketAddress;
    private final CallClock clock;
    private final OriginatorListener listener;
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

    /**
     * @param esl           the event socket settings ({@code esl.inbound}) and frame limits
     * @param socketAddress where FreeSWITCH's socket application reaches this robot, from {@link EslConfig#socketAddress}
     * @param clock         times attempts and schedules the client's time-outs and reconnects
     * @param listener      told of the connection and of answered calls' ends
     * @throws IllegalArgumentException if the socket address is not {@code host:port}
     */
    public EslOriginator(EslConfig esl, String socketAddress, CallClock clock, OriginatorListener listener) {
        OriginateCommand.checkSocketAddress(socketAddress);
        this.socketAddress = socketAddress;
        this.clock = clock;
        this.listener = listener;
        this.client = new InboundEslClient(esl.inbound(), esl.maxHeaderBytes(), esl.maxBodyBytes(), EVENTS, clock,
                new Events());
    }

    /** Connects to FreeSWITCH and keeps the connection up until {@link #close()}. */
    public EslOriginator start() {
        client.start();
        return this;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Why the event socket is down, if it is. */
    public String lastError() {
        return client.lastError();
    }

    @Override
    public CompletableFuture<OriginateResult> originate(OriginateRequest request) {
        String command = OriginateCommand.build(request, socketAddress);
        Attempt attempt = new Attempt(request, clock.nanoTime());
        if (attempts.putIfAbsent(request.uuid(), attempt) != null) {
            throw new IllegalArgumentException("uuid: an attempt with uuid " + request.uuid() + " is already in flight");
        }
        Duration jobTimeout = Duration.ofSeconds(request.ringTimeoutSeconds()).plus(RESULT_GRACE);
        return client.bgapi(command, jobTimeout).handle((output, error) -> {
            if (error != null) {
                attempts.remove(request.uuid(), attempt);
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof EslCommandException refused) {
                    // FreeSWITCH did not run the command at all (e.g. "-ERR permission denied")
                    return new OriginateResult(request.uuid(), AttemptOutcome.FAILED, refused.reply().strip(), false,
                            attempt.elapsed(clock.nanoTime()));
                }
                throw new CompletionException(new OriginateInDoubtException(request.uuid(), "originate " + request.uuid()
                        + " to " + request.phone() + ": outcome unknown: " + cause.getMessage(), cause));
            }
            return finish(attempt, output);
        });
    }

    private OriginateResult finish(Attempt attempt, String output) {
        OriginateRequest request = attempt.request;
        Duration elapsed = attempt.elapsed(clock.nanoTime());
        String text = output.strip();
        if (text.startsWith("+OK")) {
            String uuid = text.substring(3).strip();
            if (!uuid.equals(request.uuid())) {
                LOG.warn("originate {} answered as channel {}", request.uuid(), uuid);
            }
            String endedBefore = attempt.answered();
            if (endedBefore != null && attempts.remove(request.uuid(), attempt)) {
                // the call ended before its BACKGROUND_JOB arrived: tell the listener after this result
                client.deliver(() -> listener.onCallEnded(request.uuid(), endedBefore));
            }
            return new OriginateResult(uuid.isEmpty() ? request.uuid() : uuid, AttemptOutcome.ANSWERED, null,
                    attempt.progressed(), elapsed);
        }
        attempts.remove(request.uuid(), attempt);
        String cause = text.startsWith("-ERR") ? text.substring(4).strip() : text;
        AttemptOutcome outcome = CAUSE.matcher(cause).matches()
                ? AttemptOutcome.classify(cause, elapsed.plus(TIMEOUT_SLACK).compareTo(request.ringTimeout()) >= 0)
                : AttemptOutcome.FAILED;
        return new OriginateResult(request.uuid(), outcome, cause, attempt.progressed(), elapsed);
    }

    @Override
    public CompletableFuture<Boolean> exists(String uuid) {
        checkUuid(uuid);
        // mod_commands.c, uuid_exists_function: "true" or "false", no newline
        return client.api("uuid_exists " + uuid).thenApply(output -> switch (output.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new CompletionException(new EslCommandException(
                    "unexpected reply to uuid_exists " + uuid + ": " + output.strip(), output));
        });
    }

    @Override
    public CompletableFuture<Boolean> hangup(String uuid, String cause) {
        checkUuid(uuid);
        if (cause == null || !CAUSE.matcher(cause).matches()) {
            throw new IllegalArgumentException("cause: '" + cause + "' is not a FreeSWITCH cause name such as NORMAL_CLEARING");
        }
        // mod_commands.c, kill_function: "+OK\n", or "-ERR No such channel!\n"
        return client.api("uuid_kill " + uuid + " " + cause).thenApply(output -> {
            String text = output.strip();
            if (text.startsWith("+OK")) {
                return true;
            }
            if (text.startsWith("-ERR No such channel")) {
                return false;
            }
            throw new CompletionException(new EslCommandException("uuid_kill " + uuid + " failed: " + text, output));
        });
    }

    @Override
    public CompletableFuture<Integer> sessionsPerSecond() {
        return client.api("fsctl sps").thenApply(output -> {
            Matcher matcher = SPS.matcher(output);
            if (!matcher.matches()) {
                throw new CompletionException(new EslCommandException("unexpected reply to fsctl sps: " + output.strip(),
                        output));
            }
            return Integer.parseInt(matcher.group(1));
        });
    }

    /** Disconnects; originates in flight fail as in doubt. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    private static void checkUuid(String uuid) {
        if (uuid == null || !UUID_TEXT.matcher(uuid).matches()) {
            throw new IllegalArgumentException("uuid: '" + uuid + "' is not a channel uuid");
        }
    }

    /** The client's callbacks, on its delivery thread. */
    private final class Events implements InboundEslListener {

        @Override
        public void onConnected(boolean reconnected) {
            if (reconnected) {
                reconcileAnswered();
            }
            listener.onConnected(reconnected);
        }

        @Override
        public void onDisconnected(String reason) {
            listener.onDisconnected(reason);
        }

        @Override
        public void onEvent(EslEvent event) {
            String uuid = event.uniqueId();
            Attempt attempt = uuid == null ? null : attempts.get(uuid);
            if (attempt == null) {
                return; // another dialer's channel, or one this originator no longer follows
            }
            switch (event.name() == null ? "" : event.name()) {
                case "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA" -> attempt.progress();
                case "CHANNEL_HANGUP_COMPLETE" -> {
                    // switch_channel.c, switch_channel_event_set_extended_data: Hangup-Cause on the channel's events
                    String cause = Objects.requireNonNullElse(event.header("Hangup-Cause"), "NONE");
                    if (attempt.hungUp(cause) && attempts.remove(uuid, attempt)) {
                        listener.onCallEnded(uuid, cause);
                    }
                }
                default -> { }
            }
        }

        /** Answered calls whose end may have passed while the socket was down: ask whether they are still up. */
        private void reconcileAnswered() {
            attempts.forEach((uuid, attempt) -> {
                if (attempt.isAnswered()) {
                    exists(uuid).whenComplete((up, error) -> {
                        if (error == null && !up && attempts.remove(uuid, attempt)) {
                            listener.onCallEnded(uuid, null);
                        }
                    });
                }
            });
        }
    }

    /** One originate in flight, then, once answered, until its hangup. */
    private static final class Attempt {

        private final OriginateRequest request;
        private final long startNanos;
        private boolean progressed;
        private boolean answered;
        private String hangupCause;

        Attempt(OriginateRequest request, long startNanos) {
            this.request = request;
            this.startNanos = startNanos;
        }

        Duration elapsed(long nowNanos) {
            return Duration.ofNanos(Math.max(0, nowNanos - startNanos));
        }

        synchronized void progress() {
            progressed = true;
        }

        synchronized boolean progressed() {
            return progressed;
        }

        synchronized boolean isAnswered() {
            return answered;
        }

        /** Marks the attempt answered; returns the hangup cause if the call already ended, else null. */
        synchronized String answered() {
            answered = true;
            return hangupCause;
        }

        /** Records the hangup; true if the attempt had been answered, so that its call has now ended. */
        synchronized boolean hungUp(String cause) {
            hangupCause = cause;
            return answered;
        }
    }
}
