package io.callrobot.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's inbound event socket, as mod_event_socket serves it on 8021: {@code auth},
 * {@code event}, {@code api} ({@code uuid_exists}, {@code uuid_kill}, {@code fsctl sps},
 * {@code status}) and {@code bgapi}, whose {@code originate} rings the dialled number as its
 * {@link Callee} says and hands an answered call to the robot's outbound socket like the
 * {@code socket} application. Every client hears every event it subscribed to, as on a real switch.
 * {@link #stop()} is the switch going away; start another on the same port to simulate a restart.
 */
public final class InboundEventSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundEventSocket.class);

    private final FreeSwitchSimulator simulator;
    private final InboundSettings settings;
    private final Consumer<SimulatedCall> onCall;
    private final ServerSocket server;
    private final SessionRate rate;
    private final long startNanos = System.nanoTime();
    private final Set<InboundConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, OriginatedLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SimulatedCall>> answered = new ConcurrentHashMap<>();
    private final List<String> dialled = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicLong sessions = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean stopped;

    InboundEventSocket(FreeSwitchSimulator simulator, InboundSettings settings, Consumer<SimulatedCall> onCall)
            throws IOException {
        this.simulator = simulator;
        this.settings = settings;
        this.onCall = onCall;
        this.rate = new SessionRate(settings.sessionsPerSecond(), settings.clock());
        this.server = new ServerSocket();
        server.setReuseAddress(true); // a restarted switch binds the port its predecessor left in TIME_WAIT
        server.bind(new InetSocketAddress("127.0.0.1", settings.port()));
        this.acceptor = Thread.ofVirtual().name("sim-inbound-accept").start(this::accept);
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The switch stops: clients are dropped without notice, ringing legs vanish, answered calls lose their socket. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.close();
            // a socket closed while a thread is blocked in accept is released once that thread returns,
            // and only then may a restarted switch bind the port
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.debug("closing inbound server socket: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(InboundConnection::close);
        legs.values().forEach(OriginatedLeg::drop);
        legs.clear();
        simulator.inboundStopped(this);
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits for the originated call with this uuid to reach the robot's socket. */
    public SimulatedCall awaitCall(String uuid, Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return answered.computeIfAbsent(uuid, k -> new CompletableFuture<>()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("call " + uuid + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("call " + uuid + " did not reach the robot within " + timeout.toMillis() + " ms");
        }
    }

    /** Whether a leg with this uuid is up (ringing or answered). */
    public boolean channelExists(String uuid) {
        return legs.containsKey(uuid);
    }

    /** How many clients are connected. */
    public int connectionCount() {
        return connections.size();
    }

    /** Originates that could not be parsed or are not simulated, with why; a correct client sends none. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The number every originate reaching an endpoint dialled, in order, whichever client sent it. */
    public List<String> dialledNumbers() {
        return List.copyOf(dialled);
    }

    // ---- serving clients ----

    private void accept() {
        while (!stopped) {
            Socket socket;
            try {
                socket = server.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                if (!stopped) {
                    LOG.warn("inbound event socket accept failed: {}", e.toString());
                }
                return;
            }
            try {
                InboundConnection connection = new InboundConnection(this, socket);
                connections.add(connection);
                if (stopped) {
                    connection.close();
                    return;
                }
                Thread.ofVirtual().name("sim-inbound-client").start(connection::run);
            } catch (IOException e) {
                LOG.warn("inbound client set-up failed: {}", e.toString());
            }
        }
    }

    void gone(InboundConnection connection) {
        connections.remove(connection);
    }

    /** An api command's output (mod_commands.c for each command; unknown ones as mod_event_socket.c, api_exec). */
    String api(String line) {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        String name = space < 0 ? trimmed : trimmed.substring(0, space);
        String arg = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return switch (name) {
            // uuid_exists_function: "true" or "false", no newline
            case "uuid_exists" -> legs.containsKey(arg) ? "true" : "false";
            case "uuid_kill" -> kill(arg);
            case "fsctl" -> fsctl(arg);
            case "status" -> status();
            default -> "-ERR " + name + " Command not found!\n";
        };
    }

    /** kill_function: "+OK\n", or "-ERR No such channel!\n". */
    private String kill(String arg) {
        int space = arg.indexOf(' ');
        String uuid = space < 0 ? arg : arg.substring(0, space);
        String cause = space < 0 ? "NORMAL_CLEARING" : arg.substring(space + 1).strip();
        OriginatedLeg leg = legs.get(uuid);
        if (leg == null) {
            return "-ERR No such channel!\n";
        }
        // the hangup runs on the channel's thread; the api answers first
        simulator.timers().execute(() -> leg.kill(cause.isEmpty() ? "NORMAL_CLEARING" : cause));
        return "+OK\n";
    }

    /** ctl_function "sps": "+OK sessions per second: %d\n", setting the limit first when given one. */
    private String fsctl(String arg) {
        String[] words = arg.isEmpty() ? new String[0] : arg.split("\\s+");
        if (words.length == 0) {
            return "-USAGE: [recover|send_sighup|hupall|pause [inbound|outbound]|resume [inbound|outbound]|shutdown "
                    + "[cancel|elegant|asap|now|restart]|sps|sps_peak_reset|sync_clock|sync_clock_when_idle|reclaim_mem|"
                    + "max_sessions|min_dtmf_duration [num]|max_dtmf_duration [num]|default_dtmf_duration [num]|"
                    + "min_idle_cpu|loglevel [level]|debug_level [level]|mdns_resolve [enable|disable]]\n";
        }
        if (words[0].equalsIgnoreCase("sps")) {
            int limit = rate.limit(words.length > 1 ? OriginateParser.atoi(words[1]) : 0);
            return "+OK sessions per second: " + limit + "\n";
        }
        return "-ERR fsctl " + words[0] + " is not simulated\n";
    }

    /** status_function's lines, with the counts this switch has. */
    private String status() {
        long up = (System.nanoTime() - startNanos) / 1_000_000_000L;
        int limit = rate.limit(0);
        return "UP 0 years, 0 days, " + up / 3600 + " hours, " + up / 60 % 60 + " minutes, " + up % 60
                + " seconds, 0 milliseconds, 0 microseconds\n"
                + "FreeSWITCH (Version 1.10.12-release callrobot-sim) is ready\n"
                + sessions.get() + " session(s) since startup\n"
                + legs.size() + " session(s) - peak " + legs.size() + ", last 5min " + legs.size() + " \n"
                + "0 session(s) per Sec out of max " + limit + ", peak 0, last 5min 0 \n"
                + "1000 session(s) max\n"
                + "min idle cpu 0.00/100.00\n";
    }

    /** A bgapi: an originate runs on a thread of its own; anything else is answered at once through its job. */
    void bgapi(String jobUuid, String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        if (name.equals("originate")) {
            Thread.ofVirtual().name("sim-bgapi-" + jobUuid).start(() -> originate(jobUuid, arg));
        } else {
            job(jobUuid, name, arg, api(line));
        }
    }

    private void originate(String jobUuid, String arg) {
        OriginateParser.Parsed parsed;
        try {
            parsed = OriginateParser.parse(arg);
        } catch (OriginateParser.Refused refused) {
            LOG.warn("sim originate refused: {}", refused.getMessage());
            refusals.add(refused.getMessage());
            job(jobUuid, "originate", arg, refused.output());
            return;
        }
        String uuid = variable(parsed.variables(), "origination_uuid");
        if (uuid == null) {
            uuid = UUID.randomUUID().toString();
        }
        String dial = parsed.dialString();
        int slash = dial.indexOf('/');
        String endpoint = slash < 0 ? dial : dial.substring(0, slash);
        if (endpoint.equals("error")) {
            // mod_dptools.c, error endpoint: the originate fails with the cause named after "error/"
            job(jobUuid, "originate", arg, "-ERR " + dial.substring(slash + 1) + "\n");
            return;
        }
        String number = number(endpoint, slash < 0 ? "" : dial.substring(slash + 1));
        if (number == null) {
            // switch_core_session.c, switch_core_session_outgoing_channel: "Could not locate channel type"
            job(jobUuid, "originate", arg, "-ERR CHAN_NOT_IMPLEMENTED\n");
            return;
        }
        dialled.add(number);
        Callee callee = settings.callee(number);
        OriginatedLeg leg;
        synchronized (this) {
            if (stopped) {
                return;
            }
            // switch_core_session_request_uuid: "Duplicate UUID!", then the rate check; the endpoint's
            // outgoing_channel then answers DESTINATION_OUT_OF_ORDER (mod_sofia.c, sofia_outgoing_channel)
            if (legs.containsKey(uuid) || callee.kind() == Callee.Kind.NO_SESSION || !rate.tryStart()) {
                job(jobUuid, "originate", arg, "-ERR DESTINATION_OUT_OF_ORDER\n");
                return;
            }
            leg = new OriginatedLeg(this, jobUuid, arg, parsed, uuid, number, callee);
            legs.put(uuid, leg);
            sessions.incrementAndGet();
        }
        leg.start();
    }

    /** The number an endpoint's dial string reaches: sofia/gateway/GW/NUM, sofia/PROFILE/NUM, loopback/NUM/..., user/NUM. */
    private static String number(String endpoint, String rest) {
        String[] parts = rest.split("/");
        String target = switch (endpoint) {
            case "sofia" -> parts.length >= 3 && parts[0].equals("gateway") ? parts[2] : parts.length >= 2 ? parts[1] : null;
            case "loopback", "user" -> parts.length >= 1 ? parts[0] : null;
            default -> null;
        };
        if (target == null || target.isEmpty()) {
            return null;
        }
        if (target.startsWith("sip:")) {
            target = target.substring(4);
        }
        int cut = target.length();
        for (char c : new char[] {'@', ';'}) {
            int at = target.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return target.substring(0, cut);
    }

    // ---- what legs need ----

    InboundSettings settings() {
        return settings;
    }

    String coreUuid() {
        return simulator.coreUuid();
    }

    AtomicLong eventSequence() {
        return simulator.eventSequence();
    }

    ScheduledExecutorService timers() {
        return simulator.timers();
    }

    SimulatedCall place(SimCallSpec spec) throws IOException {
        return simulator.place(spec);
    }

    void placed(SimulatedCall call) {
        answered.computeIfAbsent(call.uuid(), k -> new CompletableFuture<>()).complete(call);
        try {
            onCall.accept(call);
        } catch (RuntimeException e) {
            LOG.error("handler of originated call {} failed", call.uuid(), e);
        }
    }

    void legEnded(OriginatedLeg leg) {
        legs.remove(leg.uuid(), leg);
    }

    /** BACKGROUND_JOB for a job: Job-UUID, Job-Command, Job-Command-Arg and the output as body (mod_event_socket.c, api_exec). */
    void job(String jobUuid, String command, String arg, String output) {
        Map<String, String> headers = ChannelEvents.commonHeaders("BACKGROUND_JOB", "mod_event_socket.c", coreUuid(),
                eventSequence());
        headers.put("Event-Calling-Function", "api_exec");
        headers.put("Job-UUID", jobUuid);
        headers.put("Job-Command", command);
        if (!arg.isEmpty()) {
            headers.put("Job-Command-Arg", arg);
        }
        broadcast("BACKGROUND_JOB", headers, output);
    }

    /** An event to every client subscribed to it. */
    void broadcast(String name, Map<String, String> headers, String body) {
        if (stopped) {
            return;
        }
        for (InboundConnection connection : connections) {
            connection.event(name, headers, body);
        }
    }

    private static String variable(Map<String, String> variables, String name) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (variable.getKey().equalsIgnoreCase(name)) {
                return variable.getValue();
            }
        }
        return null;
    }
}
