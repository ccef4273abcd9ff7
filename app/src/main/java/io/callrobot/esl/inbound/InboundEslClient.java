package io.callrobot.esl.inbound;

import io.callrobot.esl.EslCommand;
import io.callrobot.esl.EslCommandEncoder;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslFrameDecoder;
import io.callrobot.esl.InboundEslConfig;
import io.callrobot.time.CallClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of FreeSWITCH's inbound event socket: connects, answers {@code auth/request} with the
 * password, subscribes with {@code event plain ...}, then runs {@code api} and {@code bgapi}
 * commands as futures and hands events to an {@link InboundEslListener}. When the socket is lost or
 * refused (FreeSWITCH restarting, a wrong password) it reconnects after {@code backoffMin}, doubling
 * the delay per failure up to {@code backoffMax}, and starts over at {@code backoffMin} once
 * subscribed again.
 *
 * <p>Connection state lives on one netty event loop. Futures complete, and the listener is called,
 * on a delivery thread of the client's own, one at a time and in the order FreeSWITCH sent things,
 * so a {@code bgapi}'s result never overtakes the events before it. A command sent while not
 * connected fails at once with {@link EslConnectionException}; commands and jobs in flight when
 * the socket is lost fail with it too. Methods never block and may be called from any thread.
 */
public final class InboundEslClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundEslClient.class);
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Z][A-Z_]*");

    private final InboundEslConfig config;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final EslCommand subscription;
    private final CallClock clock;
    private final InboundEslListener listener;
    private final String address;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService delivery;
    private final EslCommandEncoder encoder = new EslCommandEncoder();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    // Touched on the event loop only.
    private InboundSession session;
    private CallClock.Timer reconnectTimer;
    private Duration nextDelay;
    private boolean subscribedBefore;
    private boolean stopped;

    private volatile boolean ready;
    private volatile String lastError = "not connected yet";

    /**
     * @param config         address, password, time-outs and back-off
     * @param maxHeaderBytes bound on one frame's header block
     * @param maxBodyBytes   bound on one frame's body (events carry every channel variable)
     * @param events         event names to subscribe to, e.g. {@code BACKGROUND_JOB}, {@code CHANNEL_ANSWER}
     * @param clock          schedules time-outs and reconnects
     * @param listener       told of connections and events
     */
    public InboundEslClient(InboundEslConfig config, int maxHeaderBytes, int maxBodyBytes, List<String> events,
            CallClock clock, InboundEslListener listener) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one event");
        }
        for (String event : events) {
            if (!EVENT_NAME.matcher(event).matches()) {
                throw new IllegalArgumentException("not a FreeSWITCH event name: " + event);
            }
        }
        this.config = config;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        // mod_event_socket.c, parse_command "event": a format word, then event names separated by spaces
        this.subscription = EslCommand.plain("event plain " + String.join(" ", events));
        this.clock = clock;
        this.listener = listener;
        this.address = config.host() + ":" + config.port();
        this.nextDelay = config.backoffMin();
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("esl-inbound", true));
        this.loop = group.next();
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("esl-inbound-delivery").factory());
    }

    /** Connects, and keeps reconnecting until {@link #close()}; returns at once. Idempotent. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("client closed");
        }
        if (started.compareAndSet(false, true)) {
            onLoop(this::connect);
        }
    }

    /** Whether the socket is authenticated and subscribed right now. */
    public boolean isConnected() {
        return ready;
    }

    /** Why the last connection attempt failed or ended, for the log and ops. */
    public String lastError() {
        return lastError;
    }

    /**
     * {@code api COMMAND}: completes with FreeSWITCH's output (the {@code api/response} body, e.g.
     * {@code true} or {@code -ERR No such channel!\n}); {@code -ERR} output is a result, not a failure.
     *
     * @throws IllegalArgumentException if the command is not one line
     */
    public CompletableFuture<String> api(String command) {
        EslCommand line = EslCommand.plain("api " + command);
        CompletableFuture<String> output = new CompletableFuture<>();
        onLoop(() -> {
            InboundSession current = readySession();
            if (current == null) {
                output.completeExceptionally(notConnected(line.text()));
                return;
            }
            current.send(line).whenComplete((reply, error) -> {
                if (error != null) {
                    output.completeExceptionally(error);
                } else {
                    output.complete(reply.text());
                }
            });
        }, output);
        return relay(output);
    }

    /**
     * {@code bgapi COMMAND}: FreeSWITCH answers {@code +OK Job-UUID: <uuid>} at once, runs the command
     * on a thread of its own and fires a {@code BACKGROUND_JOB} event with that Job-UUID and the
     * command's output as body (mod_event_socket.c, parse_command "bgapi" and api_exec). The future
     * completes with that body, e.g. {@code +OK <uuid>\n} or {@code -ERR USER_BUSY\n}.
     *
     * <p>It fails with {@link EslCommandException} if FreeSWITCH refuses the command, with
     * {@link EslConnectionException} if the socket is down or lost before the result, and with
     * {@link TimeoutException} if the result takes longer than {@code jobTimeout}; in the last two
     * cases the command may have run.
     *
     * @throws IllegalArgumentException if the command is not one line or the time-out is not positive
     */
    public CompletableFuture<String> bgapi(String command, Duration jobTimeout) {
        if (jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new IllegalArgumentException("job time-out must be positive: " + jobTimeout);
        }
        // The Job-UUID is ours, so the job is registered before FreeSWITCH can answer: parse_command
        // "bgapi" takes the command's job-uuid header when there is one.
        String jobUuid = UUID.randomUUID().toString();
        EslCommand line = EslCommand.withHeaders("bgapi " + command, Map.of("Job-UUID", jobUuid));
        CompletableFuture<String> result = new CompletableFuture<>();
        onLoop(() -> {
            InboundSession current = readySession();
            if (current == null) {
                result.completeExceptionally(notConnected("bgapi " + command));
                return;
            }
            current.startJob(jobUuid, line, firstWord(command), jobTimeout, result);
        }, result);
        return relay(result);
    }

    /** Stops reconnecting, closes the socket and fails whatever is in flight; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ChannelFuture closing = loop.submit(() -> {
                stopped = true;
                ready = false;
                if (reconnectTimer != null) {
                    reconnectTimer.cancel();
                }
                return session == null ? null : session.close("the client was closed");
            }).get(5, TimeUnit.SECONDS);
            if (closing != null) {
                closing.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("closing the FreeSWITCH event socket client: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("FreeSWITCH event listener still busy 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- connection lifecycle, on the event loop ----

    private void connect() {
        if (stopped) {
            return;
        }
        reconnectTimer = null;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InboundSession created = new InboundSession(InboundEslClient.this, ch);
                        session = created;
                        ch.pipeline().addLast("decoder", new EslFrameDecoder(maxHeaderBytes, maxBodyBytes))
                                .addLast("encoder", encoder)
                                .addLast("session", created);
                    }
                });
        bootstrap.connect(config.host(), config.port()).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                Throwable cause = connected.cause();
                lost(null, false, "cannot connect to FreeSWITCH's event socket at " + address + ": "
                        + (cause == null ? "cancelled" : cause.getMessage()));
            }
        });
    }

    /** The session authenticated and subscribed. */
    void subscribed(InboundSession ready) {
        if (ready != session || stopped) {
            return;
        }
        boolean reconnected = subscribedBefore;
        subscribedBefore = true;
        nextDelay = config.backoffMin();
        lastError = "";
        this.ready = true;
        LOG.info("{} to FreeSWITCH's event socket at {}", reconnected ? "reconnected" : "connected", address);
        deliver(() -> listener.onConnected(reconnected));
    }

    /**
     * A connection attempt failed or a session ended; {@code ended} is null when no TCP connection
     * was made, {@code wasReady} whether it had been subscribed.
     */
    void lost(InboundSession ended, boolean wasReady, String reason) {
        if (ended != null && ended != session) {
            return;
        }
        session = null;
        ready = false;
        lastError = reason;
        if (wasReady) {
            deliver(() -> listener.onDisconnected(reason));
        }
        if (stopped) {
            return;
        }
        Duration delay = nextDelay;
        nextDelay = nextDelay.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax() : nextDelay.multipliedBy(2);
        LOG.warn("{}; reconnecting in {} ms", reason, delay.toMillis());
        reconnectTimer = clock.schedule(() -> onLoop(this::connect), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- what sessions need from the client ----

    InboundEslConfig config() {
        return config;
    }

    EslCommand subscription() {
        return subscription;
    }

    CallClock clock() {
        return clock;
    }

    String address() {
        return address;
    }

    /** Hands an event to the listener on the delivery thread. */
    void event(EslEvent event) {
        deliver(() -> listener.onEvent(event));
    }

    /** Runs {@code task} on the event loop; a timer's task after the loop stopped does nothing. */
    void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event socket client closed; dropped a task");
        }
    }

    private void onLoop(Runnable task, CompletableFuture<?> failOnClosed) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            failOnClosed.completeExceptionally(new EslConnectionException("the FreeSWITCH event socket client is closed"));
        }
    }

    private InboundSession readySession() {
        return session != null && session.isReady() ? session : null;
    }

    private EslConnectionException notConnected(String command) {
        return new EslConnectionException("not connected to FreeSWITCH's event socket at " + address + " ("
                + lastError + "); not sent: " + abbreviate(command));
    }

    /** The caller's future completes on the delivery thread, in order with events. */
    private <T> CompletableFuture<T> relay(CompletableFuture<T> internal) {
        CompletableFuture<T> relayed = new CompletableFuture<>();
        internal.whenComplete((value, error) -> deliver(() -> {
            if (error != null) {
                relayed.completeExceptionally(error);
            } else {
                relayed.complete(value);
            }
        }));
        return relayed;
    }

    /**
     * Runs {@code task} on the delivery thread after everything queued there, e.g. to tell a listener
     * something after the future being completed now; a task that throws is logged.
     */
    public void deliver(Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("FreeSWITCH event socket listener failed", e);
            }
        };
        try {
            delivery.execute(guarded);
        } catch (RejectedExecutionException e) {
            guarded.run(); // closing: the last failures are delivered on the closing thread
        }
    }

    static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }

    private static String firstWord(String command) {
        String trimmed = command.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
