package io.callrobot.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Simulates FreeSWITCH handing calls to the robot's outbound socket server, placed directly
 * ({@link #place}) or originated by a dialer through the inbound event socket
 * ({@link #startInbound}). Shared by all calls:
 * one pacing thread sending caller audio every 20 ms, one selector thread receiving the robot's,
 * one timer thread; each call's ESL socket is read on a virtual thread.
 */
public final class FreeSwitchSimulator implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SharedMedia media;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sim-timers").daemon().factory());
    private final String coreUuid = UUID.randomUUID().toString();
    private final AtomicLong eventSequence = new AtomicLong();
    private final Set<SimulatedCall> calls = ConcurrentHashMap.newKeySet();
    private InboundEventSocket inbound;
    private volatile boolean closed;

    /** A simulator that captures up to five minutes of the robot's audio per call ({@link ReceiveSettings#CAPTURE}). */
    public FreeSwitchSimulator() {
        this(ReceiveSettings.CAPTURE);
    }

    /** A simulator keeping what {@code receive} says of the robot's audio; a load generator captures nothing. */
    public FreeSwitchSimulator(ReceiveSettings receive) {
        this.media = SharedMedia.start(receive);
    }

    /**
     * Connects a call to the robot and returns once the robot sent {@code connect} and got the
     * channel data (blocking, at most 10 s).
     *
     * @throws IOException if the robot is unreachable or never sends {@code connect}
     */
    public SimulatedCall place(SimCallSpec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("simulator closed");
        }
        SimulatedCall call = new SimulatedCall(spec, media, timers, coreUuid, eventSequence, CONNECT_TIMEOUT);
        calls.add(call);
        return call;
    }

    /**
     * Starts the inbound event socket (mod_event_socket's 8021), through which a dialer originates
     * calls that this simulator then places into the robot like the {@code socket} application.
     * Only one runs at a time; after its {@link InboundEventSocket#stop()} another may start, on the
     * same port to simulate FreeSWITCH restarting.
     *
     * @throws IOException if the port cannot be bound
     */
    public InboundEventSocket startInbound(InboundSettings settings) throws IOException {
        return startInbound(settings, call -> { });
    }

    /**
     * {@link #startInbound(InboundSettings)}, telling {@code onCall} of each originated call once it
     * reached the robot; it runs on that call's connecting thread and must return promptly.
     */
    public synchronized InboundEventSocket startInbound(InboundSettings settings, Consumer<SimulatedCall> onCall)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("simulator closed");
        }
        if (inbound != null) {
            throw new IllegalStateException("the inbound event socket is already running on port " + inbound.port());
        }
        inbound = new InboundEventSocket(this, settings, onCall);
        return inbound;
    }

    synchronized void inboundStopped(InboundEventSocket stopped) {
        if (inbound == stopped) {
            inbound = null;
        }
    }

    String coreUuid() {
        return coreUuid;
    }

    AtomicLong eventSequence() {
        return eventSequence;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** Calls placed so far. */
    public List<SimulatedCall> calls() {
        return List.copyOf(calls);
    }

    /** Drops every call and stops the shared threads; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        InboundEventSocket running;
        synchronized (this) {
            running = inbound;
        }
        if (running != null) {
            running.stop();
        }
        calls.forEach(SimulatedCall::close);
        media.close();
        timers.shutdownNow();
    }
}
