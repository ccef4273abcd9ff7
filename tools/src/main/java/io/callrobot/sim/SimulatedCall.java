package io.callrobot.sim;

import io.callrobot.media.PcmAudio;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated call: FreeSWITCH's end of an outbound socket in {@code async full} mode
 * (mod_event_socket.c: socket_function, listener_run, parse_command) plus the channel's
 * {@code unicast} media. Tests act as the caller ({@link #play}, {@link #pressDtmf},
 * {@link #hangup}) and observe what the robot did. Thread-safe.
 */
public final class SimulatedCall implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCall.class);
    /** FreeSWITCH's default DTMF duration, 250 ms at 8 kHz (switch_types.h, SWITCH_DEFAULT_DTMF_DURATION). */
    private static final int DTMF_DURATION_SAMPLES = 2000;
    private static final String DTMF_DIGITS = "0123456789*#ABCDabcd";

    private final SimCallSpec spec;
    private final ChannelEvents events;
    private final SharedMedia shared;
    private final ScheduledExecutorService timers;
    private final Socket socket;
    private final OutputStream out;
    private final CallerAudioSource caller;
    private final List<SimCommand> commands = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Integer> unicastStarted = new CompletableFuture<>();
    private final CompletableFuture<String> hungUp = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private final CompletableFuture<String> channelEnded = new CompletableFuture<>();
    private final Object lock = new Object();

    // Guarded by lock.
    private boolean eventsEnabled;
    private boolean jsonEvents;
    private Set<String> subscribed;
    private boolean linger;
    private int lingerSeconds;
    private boolean answered;
    private boolean ended;
    private boolean socketClosed;
    private String transferredTo;
    private volatile UnicastMedia media;
    private volatile long unicastStartNanos;

    SimulatedCall(SimCallSpec spec, SharedMedia shared, ScheduledExecutorService timers, String coreUuid,
                  AtomicLong sequence, Duration connectTimeout) throws IOException {
        this.spec = spec;
        this.shared = shared;
        this.timers = timers;
        this.events = new ChannelEvents(spec, coreUuid, sequence);
        this.caller = new CallerAudioSource(spec.sampleRate(), shared.wire());
        this.answered = spec.answered();
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(spec.eslHost(), spec.eslPort()), (int) connectTimeout.toMillis());
        this.out = socket.getOutputStream();
        EslCommandReader reader = new EslCommandReader(socket.getInputStream());
        Thread.ofVirtual().name("sim-esl-" + spec.uuid()).start(() -> readLoop(reader));
        try {
            connected.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            close();
            throw new IOException("robot did not send connect within " + connectTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while connecting", e);
        }
    }

    // ---- FreeSWITCH's side of the socket ----

    private void readLoop(EslCommandReader reader) {
        try {
            SimCommand command;
            while ((command = reader.read()) != null) {
                commands.add(command);
                dispatch(command);
            }
            connectionLost("robot closed the ESL socket");
        } catch (IOException | RuntimeException e) {
            connectionLost(socketClosed() ? "socket closed" : "ESL read failed: " + e.getMessage());
        }
    }

    private void dispatch(SimCommand command) {
        String line = command.command();
        String lower = line.toLowerCase(Locale.ROOT);
        // Branch order and reply texts follow mod_event_socket.c, parse_command.
        if (lower.startsWith("connect")) {
            Map<String, String> data;
            synchronized (lock) {
                data = events.channelData(answered ? "CS_EXECUTE" : "CS_ROUTING", answered);
            }
            write(EventSerializer.serializePlain(data).getBytes(StandardCharsets.UTF_8));
            connected.complete(null);
        } else if (lower.startsWith("exit") || lower.startsWith("...")) {
            write(EventSerializer.commandReply("+OK bye"));
            closeSocket();
            connectionLost("robot sent exit");
        } else if (lower.startsWith("myevents")) {
            synchronized (lock) {
                eventsEnabled = true;
                subscribed = null;
                jsonEvents = lower.contains("json");
            }
            write(EventSerializer.commandReply("+OK Events Enabled"));
        } else if (lower.startsWith("sendmsg")) {
            // Async mode queues the message on the session and answers at once (parse_command "sendmsg").
            write(EventSerializer.commandReply("+OK"));
            runMessage(command);
        } else if (lower.startsWith("api ")) {
            api(line.substring(4).trim());
        } else if (lower.startsWith("linger")) {
            String arg = line.length() > 7 ? line.substring(7).trim() : "";
            synchronized (lock) {
                linger = true;
                lingerSeconds = arg.isEmpty() ? -1 : parseIntOr(arg, 0);
            }
            write(EventSerializer.commandReply(arg.isEmpty() ? "+OK will linger" : "+OK will linger " + parseIntOr(arg, 0) + " seconds"));
        } else if (lower.startsWith("nolinger")) {
            synchronized (lock) {
                linger = false;
            }
            write(EventSerializer.commandReply("+OK will not linger"));
        } else if (lower.startsWith("noevents")) {
            boolean was;
            synchronized (lock) {
                was = eventsEnabled;
                eventsEnabled = false;
            }
            write(EventSerializer.commandReply(was ? "+OK no longer listening for events" : "-ERR not listening for events"));
        } else if (lower.startsWith("event")) {
            subscribe(line);
        } else {
            write(EventSerializer.commandReply("-ERR command not found"));
        }
    }

    private void subscribe(String line) {
        String[] words = line.trim().split("\\s+");
        boolean json = false;
        Set<String> names = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (i == 1 && (word.equalsIgnoreCase("plain") || word.equalsIgnoreCase("json") || word.equalsIgnoreCase("xml"))) {
                json = word.equalsIgnoreCase("json");
            } else {
                names.add(word.toUpperCase(Locale.ROOT));
            }
        }
        synchronized (lock) {
            if (names.contains("ALL")) {
                subscribed = null;
            } else if (!eventsEnabled) {
                subscribed = names;
            } else if (subscribed != null) {
                subscribed.addAll(names);
            }
            eventsEnabled = true;
            jsonEvents = json;
        }
        write(EventSerializer.commandReply("+OK event listener enabled " + (json ? "json" : "plain")));
    }

    /** A queued sendmsg, run as the session would (switch_ivr.c, switch_ivr_parse_event). */
    private void runMessage(SimCommand command) {
        String callCommand = command.header("call-command");
        if (callCommand == null) {
            LOG.error("sim call {}: sendmsg without call-command (FreeSWITCH logs \"Invalid Command!\")", spec.uuid());
            return;
        }
        switch (callCommand.toLowerCase(Locale.ROOT)) {
            case "execute" -> execute(command);
            case "hangup" -> endCall(orDefault(command.header("hangup-cause"), "NORMAL_CLEARING"));
            case "unicast" -> startUnicast(command);
            default -> LOG.warn("sim call {}: call-command {} is not simulated", spec.uuid(), callCommand);
        }
    }

    private void execute(SimCommand command) {
        String app = command.header("execute-app-name");
        String arg = command.header("execute-app-arg");
        if (arg == null && "text/plain".equalsIgnoreCase(command.header("content-type"))) {
            arg = command.body();
        }
        if (app == null) {
            return;
        }
        Map<String, String> appHeaders = new LinkedHashMap<>();
        appHeaders.put("Application", app);
        appHeaders.put("Application-Data", arg == null ? "" : arg);
        appHeaders.put("Application-UUID", orDefault(command.header("Event-UUID"), UUID.randomUUID().toString()));
        emit("CHANNEL_EXECUTE", appHeaders);
        String cause = null;
        switch (app.toLowerCase(Locale.ROOT)) {
            case "answer" -> answer();
            case "pre_answer" -> emit("CHANNEL_PROGRESS_MEDIA", Map.of());
            case "transfer" -> {
                synchronized (lock) {
                    transferredTo = arg == null ? "" : arg;
                }
            }
            case "hangup" -> cause = arg == null || arg.isBlank() ? "NORMAL_CLEARING" : arg.trim();
            default -> LOG.debug("sim call {}: application {} completes at once", spec.uuid(), app);
        }
        appHeaders.put("Application-Response", "_none_");
        emit("CHANNEL_EXECUTE_COMPLETE", appHeaders);
        if ("transfer".equalsIgnoreCase(app)) {
            // The channel leaves the socket application's park, which is what forwards unicast audio.
            stopMedia();
        }
        if (cause != null) {
            endCall(cause);
        }
    }

    private void answer() {
        boolean wasAnswered;
        synchronized (lock) {
            wasAnswered = answered;
            answered = true;
        }
        if (!wasAnswered) {
            emit("CHANNEL_ANSWER", Map.of());
        }
    }

    /** switch_ivr.c, CMD_UNICAST: hyphenated headers only, defaults 127.0.0.1:8025 -> 127.0.0.1:8026, udp. */
    private void startUnicast(SimCommand command) {
        String localIp = orDefault(command.header("local-ip"), "127.0.0.1");
        String localPort = orDefault(command.header("local-port"), "8025");
        String remoteIp = orDefault(command.header("remote-ip"), "127.0.0.1");
        String remotePort = orDefault(command.header("remote-port"), "8026");
        String transport = orDefault(command.header("transport"), "udp");
        String flags = command.header("flags");
        if (!transport.equalsIgnoreCase("udp") && !transport.equalsIgnoreCase("tcp")) {
            LOG.error("sim call {}: Invalid transport {}", spec.uuid(), transport);
            return;
        }
        boolean nativeMode = flags != null && flags.contains("native");
        synchronized (lock) {
            if (ended || media != null) {
                LOG.warn("sim call {}: unicast ignored (call ended or unicast already active)", spec.uuid());
                return;
            }
        }
        if (!isAnswered()) {
            // The park loop pre-answers a channel without media before forwarding frames (switch_ivr_park).
            emit("CHANNEL_PROGRESS_MEDIA", Map.of());
        }
        try {
            // The socket is always UDP, whatever the transport says (switch_ivr_activate_unicast creates SOCK_DGRAM).
            UnicastMedia started = new UnicastMedia(spec.uuid(),
                    new InetSocketAddress(localIp, parseIntOr(localPort, 0)),
                    new InetSocketAddress(remoteIp, parseIntOr(remotePort, 0)),
                    nativeMode, spec.comfortNoise(), caller, spec.samplesPerFrame(),
                    new RobotAudio(shared.settings()), shared.receiver());
            synchronized (lock) {
                media = started;
            }
            unicastStartNanos = System.nanoTime();
            shared.pacer().add(started);
            unicastStarted.complete(started.localPort());
        } catch (IOException | IllegalArgumentException e) {
            // FreeSWITCH answered +OK already; the failure shows only as a CRIT log line.
            LOG.error("sim call {}: Failure creating unicast connection {}:{}->{}:{}: {}", spec.uuid(), localIp, localPort,
                    remoteIp, remotePort, e.toString());
        }
    }

    private void api(String apiCommand) {
        String[] words = apiCommand.split("\\s+");
        String name = words[0];
        String target = words.length > 1 ? words[1] : "";
        String output;
        boolean kill = false;
        if (!name.startsWith("uuid_")) {
            output = "-ERR " + name + " Command not found!\n";
        } else if (name.equals("uuid_exists")) {
            output = target.equals(spec.uuid()) && !hasEnded() ? "true" : "false";
        } else if (!target.equals(spec.uuid()) || hasEnded()) {
            output = "-ERR No such channel!\n";
        } else {
            output = "+OK\n";
            kill = name.equals("uuid_kill");
        }
        write(EventSerializer.apiResponse(output));
        if (kill) {
            endCall(words.length > 2 ? words[2] : "NORMAL_CLEARING");
        }
    }

    /**
     * The channel hangs up: CHANNEL_HANGUP; with linger, CHANNEL_HANGUP_COMPLETE, the linger notice and
     * the final notice after the linger time; without linger the listener stops at once with the final
     * notice (mod_event_socket.c, check_queue and listener_run).
     */
    private void endCall(String cause) {
        boolean lingering;
        int lingerFor;
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            lingering = linger;
            lingerFor = lingerSeconds;
        }
        stopMedia();
        Map<String, String> hangupHeaders = Map.of("Hangup-Cause", cause, "variable_hangup_cause", cause);
        emit("CHANNEL_HANGUP", hangupHeaders);
        channelEnded.complete(cause);
        if (lingering) {
            emit("CHANNEL_HANGUP_COMPLETE", hangupHeaders);
            write(EventSerializer.lingerNotice(spec.uuid(), events.channelName(), lingerFor));
            if (lingerFor >= 0) {
                timers.schedule(this::finishSocket, lingerFor, TimeUnit.SECONDS);
            }
        } else {
            finishSocket();
        }
        hungUp.complete(cause);
    }

    private void finishSocket() {
        write(EventSerializer.disconnectNotice(spec.uuid()));
        closeSocket();
        connectionLost("FreeSWITCH closed the ESL socket");
    }

    private void emit(String name, Map<String, String> extra) {
        byte[] frame;
        synchronized (lock) {
            if (!eventsEnabled || (subscribed != null && !subscribed.contains(name))) {
                return;
            }
            String state = ended ? "CS_HANGUP" : "CS_EXECUTE";
            frame = EventSerializer.eventFrame(events.channelEvent(name, state, answered, extra), jsonEvents);
        }
        write(frame);
    }

    private void write(byte[] bytes) {
        synchronized (lock) {
            if (socketClosed) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                LOG.debug("sim call {}: write failed: {}", spec.uuid(), e.getMessage());
            }
        }
    }

    private void connectionLost(String reason) {
        closeSocket();
        stopMedia();
        synchronized (lock) {
            ended = true;
        }
        connected.completeExceptionally(new IOException(reason));
        disconnected.complete(reason);
        // the socket application returns and, with nothing after it, the switch clears the call
        channelEnded.complete("NORMAL_CLEARING");
    }

    private void closeSocket() {
        synchronized (lock) {
            socketClosed = true;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("sim call {}: close failed: {}", spec.uuid(), e.getMessage());
        }
    }

    private boolean socketClosed() {
        synchronized (lock) {
            return socketClosed;
        }
    }

    private void stopMedia() {
        UnicastMedia current = media;
        if (current != null) {
            shared.pacer().remove(current);
            current.close();
        }
    }

    private boolean hasEnded() {
        synchronized (lock) {
            return ended;
        }
    }

    // ---- the caller ----

    /** Queues caller speech (resampled to the call rate if needed); pauses between utterances are silence. */
    public void play(PcmAudio audio) {
        caller.play(audio);
    }

    /** The caller presses a key: a DTMF event with digit, duration and Unique-ID but no channel variables. */
    public void pressDtmf(char digit) {
        if (DTMF_DIGITS.indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        byte[] frame;
        synchronized (lock) {
            if (!eventsEnabled || ended || (subscribed != null && !subscribed.contains("DTMF"))) {
                return;
            }
            frame = EventSerializer.eventFrame(events.dtmf(Character.toUpperCase(digit), DTMF_DURATION_SAMPLES,
                    "CS_EXECUTE", answered), jsonEvents);
        }
        write(frame);
    }

    /**
     * Fault injection: writes {@code bytes} as they are on the ESL socket, as a broken or foreign
     * peer would (a malformed frame, say). Real FreeSWITCH never does this.
     */
    public void sendRaw(byte[] bytes) {
        write(bytes.clone());
    }

    /**
     * Fault injection: sends one datagram of {@code bytes} from the channel's unicast socket, in
     * place of a frame of audio (odd lengths, garbage). Does nothing before unicast starts.
     */
    public void sendRawMedia(byte[] bytes) throws IOException {
        UnicastMedia current = media;
        if (current != null) {
            current.sendRaw(bytes);
        }
    }

    /** The caller hangs up with a cause such as {@code NORMAL_CLEARING}. */
    public void hangup(String cause) {
        endCall(cause);
    }

    /** Drops the call without any notice (simulator shutdown). */
    @Override
    public void close() {
        closeSocket();
        stopMedia();
        connectionLost("simulator closed the call");
    }

    // ---- observation ----

    /**
     * Completes with the channel's hangup cause once it is down: its own hangup's, or
     * NORMAL_CLEARING when the robot's socket ended first.
     */
    CompletableFuture<String> channelEnded() {
        return channelEnded;
    }

    public SimCallSpec spec() {
        return spec;
    }

    public String uuid() {
        return spec.uuid();
    }

    /** Every command the robot sent, in order. */
    public List<SimCommand> commands() {
        return List.copyOf(commands);
    }

    public boolean isAnswered() {
        synchronized (lock) {
            return answered;
        }
    }

    /** The {@code execute-app-arg} of an executed {@code transfer}, if any. */
    public Optional<String> transferredTo() {
        synchronized (lock) {
            return Optional.ofNullable(transferredTo);
        }
    }

    /**
     * Every datagram the robot sent to the unicast port, with arrival times, as far as the
     * simulator's {@link ReceiveSettings} capture them (the oldest are dropped past its bound).
     *
     * @throws IllegalStateException if this simulator does not capture the robot's audio
     */
    public List<RobotFrame> robotFrames() {
        if (shared.settings().captureFrames() == 0) {
            throw new IllegalStateException("robot audio is not captured (ReceiveSettings.captureFrames is 0)");
        }
        RobotAudio received = received();
        return received == null ? List.of() : received.frames();
    }

    /** How many datagrams the robot has sent so far. */
    public int robotFrameCount() {
        RobotAudio received = received();
        return received == null ? 0 : received.count();
    }

    /**
     * Arrival ({@link System#nanoTime()}) of the robot's frame {@code index} (0 = its first), one of
     * the last 2048 received, whether or not audio is captured.
     */
    public long robotFrameArrival(int index) {
        RobotAudio received = received();
        if (received == null) {
            throw new IllegalArgumentException("no robot frame received yet");
        }
        return received.arrivalOf(index);
    }

    /** Arrivals of the robot's frames from {@code index} to the latest, which must be among the last 2048 received. */
    public long[] robotFrameArrivals(int index) {
        RobotAudio received = received();
        return received == null ? new long[0] : received.arrivalsFrom(index);
    }

    /** The robot's audio: L16 frames as sent, or PCMU decoded with {@code flags: native}. */
    public PcmAudio robotAudio() {
        UnicastMedia current = media;
        List<RobotFrame> frames = robotFrames();
        boolean nativeMode = current != null && current.nativeMode();
        int total = 0;
        for (RobotFrame frame : frames) {
            total += nativeMode ? frame.payload().length : frame.payload().length / 2;
        }
        short[] samples = new short[total];
        int at = 0;
        for (RobotFrame frame : frames) {
            byte[] p = frame.payload();
            if (nativeMode) {
                for (byte b : p) {
                    samples[at++] = MuLaw.decode(b);
                }
            } else {
                for (int i = 0; i + 1 < p.length; i += 2) {
                    samples[at++] = (short) ((p[i] & 0xFF) | (p[i + 1] << 8));
                }
            }
        }
        return new PcmAudio(spec.sampleRate(), samples);
    }

    /**
     * Arrival statistics of the robot's frames, computed as they arrived; intervals longer than the
     * simulator's {@link ReceiveSettings#talkSpurtBreak()} are pauses.
     */
    public FrameTimingStats robotFrameTiming() {
        RobotAudio received = received();
        return received == null ? new FrameTimingStats(0, 0, 0, 0, 0, 0) : received.timing();
    }

    /** Deviations from 20 ms of every inter-arrival interval within the robot's talk spurts. */
    public IntervalHistogram robotIntervalDeviations() {
        RobotAudio received = received();
        return received == null ? new IntervalHistogram() : received.deviations();
    }

    private RobotAudio received() {
        UnicastMedia current = media;
        return current == null ? null : current.received();
    }

    /** {@link System#nanoTime()} of the last voiced caller frame sent (end of utterance); 0 if none. */
    public long lastVoicedCallerFrameNanos() {
        UnicastMedia current = media;
        return current == null ? 0 : current.lastVoicedSentNanos();
    }

    /** {@link System#nanoTime()} of the first voiced frame of the caller's latest utterance; 0 if none. */
    public long callerUtteranceStartNanos() {
        UnicastMedia current = media;
        return current == null ? 0 : current.utteranceStartNanos();
    }

    /** Waits for {@code unicast} to bind; returns FreeSWITCH's (the simulator's) local UDP port. */
    public int awaitUnicastStarted(Duration timeout) throws TimeoutException, InterruptedException {
        return get(unicastStarted, timeout, "unicast start");
    }

    /** Waits for the robot's first datagram (its payload is empty when audio is not captured). */
    public RobotFrame awaitFirstRobotAudio(Duration timeout) throws TimeoutException, InterruptedException {
        awaitCondition(() -> robotFrameCount() > 0, timeout, "first robot audio");
        return received().frame(0);
    }

    /**
     * Waits until the robot has sent more than {@code framesSeen} frames in all; returns the first
     * new one (its payload is empty when audio is not captured).
     */
    public RobotFrame awaitRobotAudioAfter(int framesSeen, Duration timeout)
            throws TimeoutException, InterruptedException {
        awaitCondition(() -> robotFrameCount() > framesSeen, timeout, "new robot audio");
        return received().frame(framesSeen);
    }

    /** Waits until the robot has sent nothing for {@code quiet} (counting from unicast start). */
    public void awaitRobotSilence(Duration quiet, Duration timeout) throws TimeoutException, InterruptedException {
        long quietNanos = quiet.toNanos();
        awaitCondition(() -> robotQuietFor(quietNanos), timeout, "robot silence");
    }

    /** True once every queued caller utterance has been sent. */
    public boolean callerAudioSent() {
        return caller.idle();
    }

    /** True once unicast runs and the robot has sent nothing for {@code quietNanos} (counting from unicast start). */
    public boolean robotQuietFor(long quietNanos) {
        RobotAudio received = received();
        return received != null && System.nanoTime() - Math.max(received.lastNanos(), unicastStartNanos) >= quietNanos;
    }

    /** Whether the channel is down (either side hung up, or the robot's socket ended). */
    public boolean hasHungUp() {
        return channelEnded.isDone();
    }

    /** Waits until every queued caller utterance has been sent. */
    public void awaitCallerAudioSent(Duration timeout) throws TimeoutException, InterruptedException {
        awaitCondition(caller::idle, timeout, "caller audio sent");
    }

    /** Waits until every queued caller utterance has been sent or the call has ended, whichever comes first. */
    void awaitCallerAudioSentOrEnded(Duration timeout) throws TimeoutException, InterruptedException {
        awaitCondition(() -> caller.idle() || channelEnded.isDone(), timeout, "caller audio sent");
    }

    /** Waits for the channel to hang up (robot or caller); returns the hangup cause. */
    public String awaitHangup(Duration timeout) throws TimeoutException, InterruptedException {
        return get(hungUp, timeout, "hangup");
    }

    /** Waits for the ESL socket to end, for any reason; returns the reason. */
    public String awaitDisconnected(Duration timeout) throws TimeoutException, InterruptedException {
        return get(disconnected, timeout, "disconnect");
    }

    private static <T> T get(CompletableFuture<T> future, Duration timeout, String what)
            throws TimeoutException, InterruptedException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("no " + what + " within " + timeout.toMillis() + " ms");
        }
    }

    private static void awaitCondition(BooleanSupplier condition, Duration timeout, String what)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("no " + what + " within " + timeout.toMillis() + " ms");
            }
            // 5 ms: what is measured comes from arrival stamps, not from when a waiter wakes, and
            // hundreds of simulated callers polling every millisecond would load the machine under test
            LockSupport.parkNanos(5_000_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int parseIntOr(String value, int fallback) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
