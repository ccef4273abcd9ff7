package io.callrobot.esl.inbound;

import io.callrobot.esl.EslCommand;
import io.callrobot.esl.EslEvent;
import io.callrobot.esl.EslEventParser;
import io.callrobot.esl.EslFrame;
import io.callrobot.esl.EslReply;
import io.callrobot.esl.PendingReplies;
import io.callrobot.time.CallClock;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the inbound event socket, from the {@code auth/request} greeting to the
 * socket's end: the handshake, then command replies in order and events. Used on the client's
 * event loop only; timers hop back onto it.
 */
final class InboundSession extends SimpleChannelInboundHandler<EslFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(InboundSession.class);

    private enum Stage { GREETING, AUTH, SUBSCRIBE, READY, CLOSED }

    /** A bgapi whose BACKGROUND_JOB has not arrived yet. */
    private static final class Job {
        private final String command;
        private final CompletableFuture<String> result;
        private CallClock.Timer timer;

        Job(String command, CompletableFuture<String> result) {
            this.command = command;
            this.result = result;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private final InboundEslClient client;
    private final Channel channel;
    private final PendingReplies replies = new PendingReplies();
    private final Map<String, Job> jobs = new HashMap<>();

    private Stage stage = Stage.GREETING;
    private CallClock.Timer handshakeTimer;
    private String closeReason;

    InboundSession(InboundEslClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    boolean isReady() {
        return stage == Stage.READY;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // mod_event_socket.c, listener_run: an unauthenticated listener first gets "Content-Type: auth/request"
        armHandshake(client.config().connectTimeout(), "no auth/request greeting");
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, EslFrame frame) {
        if (frame.isFailure()) {
            close("FreeSWITCH sent a malformed frame: " + frame.failure().getMessage());
            return;
        }
        String type = frame.contentType() == null ? "" : frame.contentType();
        switch (type) {
            case "auth/request" -> greeting();
            case "command/reply" -> commandReply(nullToEmpty(frame.headers().get("Reply-Text")));
            case "api/response" -> reply(frame.body());
            case "text/event-plain" -> event(frame, false);
            case "text/event-json" -> event(frame, true);
            // mod_event_socket.c, send_disconnect: sent before FreeSWITCH closes the socket
            case "text/disconnect-notice" -> close("FreeSWITCH disconnected: " + frame.body().strip());
            // mod_event_socket.c, listener_run: a peer outside apply-inbound-acl gets "Access Denied, go away."
            case "text/rude-rejection" -> close("FreeSWITCH refused the connection (apply-inbound-acl in "
                    + "event_socket.conf.xml): " + frame.body().strip());
            case "log/data" -> LOG.trace("ignoring log/data from FreeSWITCH");
            default -> LOG.debug("ignoring event socket frame of type '{}'", type);
        }
    }

    private void greeting() {
        if (stage != Stage.GREETING) {
            LOG.debug("ignoring a second auth/request");
            return;
        }
        stage = Stage.AUTH;
        armHandshake(client.config().commandTimeout(), "no reply to auth");
        // mod_event_socket.c, parse_command: "auth " then the password, compared with strcmp to event_socket.conf.xml's
        channel.writeAndFlush(EslCommand.plain("auth " + client.config().password()));
    }

    private void commandReply(String text) {
        switch (stage) {
            case AUTH -> {
                // mod_event_socket.c, parse_command "auth": "+OK accepted", or "-ERR invalid" and the socket is closed
                if (text.startsWith("+OK")) {
                    stage = Stage.SUBSCRIBE;
                    armHandshake(client.config().commandTimeout(), "no reply to event subscription");
                    channel.writeAndFlush(client.subscription());
                } else {
                    LOG.error("FreeSWITCH at {} refused the event socket password ({}): set CALLROBOT_ESL_INBOUND_PASSWORD "
                            + "to the password of event_socket.conf.xml", client.address(), text);
                    close("FreeSWITCH refused the event socket password: " + text);
                }
            }
            case SUBSCRIBE -> {
                // mod_event_socket.c, parse_command "event": "+OK event listener enabled plain"
                if (text.startsWith("+OK")) {
                    stage = Stage.READY;
                    cancelHandshake();
                    client.subscribed(this);
                } else {
                    close("FreeSWITCH refused the event subscription: " + text);
                }
            }
            case READY -> reply(text);
            default -> LOG.debug("ignoring command/reply '{}' before the handshake", text);
        }
    }

    private void reply(String text) {
        if (stage != Stage.READY) {
            LOG.debug("ignoring a reply before the handshake ended");
        } else if (!replies.complete(new EslReply(text))) {
            LOG.warn("reply from FreeSWITCH without a command waiting: {}", InboundEslClient.abbreviate(text));
        }
    }

    private void event(EslFrame frame, boolean json) {
        if (stage != Stage.READY) {
            return;
        }
        EslEvent event;
        try {
            event = json ? EslEventParser.json(frame.body()) : EslEventParser.plain(frame.body());
        } catch (IllegalArgumentException e) {
            LOG.warn("unparsable event from FreeSWITCH: {}", e.getMessage());
            return;
        }
        if ("BACKGROUND_JOB".equals(event.name())) {
            // mod_event_socket.c, api_exec: the event carries Job-UUID and the command's output as body
            Job job = jobs.remove(nullToEmpty(event.header("Job-UUID")));
            if (job != null) {
                job.cancelTimer();
                job.result.complete(event.body());
                return;
            }
        }
        client.event(event);
    }

    // ---- commands ----

    /** Sends a command; its future completes with the reply, on the event loop. */
    CompletableFuture<EslReply> send(EslCommand command) {
        CompletableFuture<EslReply> reply = new CompletableFuture<>();
        replies.add(reply);
        Duration timeout = client.config().commandTimeout();
        CallClock.Timer timer = client.clock().schedule(() -> client.onLoop(() -> reply.completeExceptionally(
                new TimeoutException("no reply from FreeSWITCH within " + timeout.toMillis() + " ms to: "
                        + InboundEslClient.abbreviate(firstLine(command))))), timeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((r, e) -> timer.cancel());
        channel.writeAndFlush(command).addListener(written -> {
            if (!written.isSuccess()) {
                close("writing to FreeSWITCH failed: " + written.cause());
            }
        });
        return reply;
    }

    /** Sends a bgapi and completes {@code result} with its BACKGROUND_JOB's body. */
    void startJob(String jobUuid, EslCommand command, String name, Duration jobTimeout, CompletableFuture<String> result) {
        Job job = new Job(name, result);
        jobs.put(jobUuid, job);
        send(command).whenComplete((reply, error) -> {
            if (error != null) {
                jobs.remove(jobUuid);
                result.completeExceptionally(error);
                return;
            }
            String text = reply.text();
            // mod_event_socket.c, parse_command "bgapi": "+OK Job-UUID: <uuid>" (the uuid given, or a new one)
            if (!text.startsWith("+OK Job-UUID:")) {
                jobs.remove(jobUuid);
                result.completeExceptionally(new EslCommandException("FreeSWITCH refused bgapi " + name + ": " + text, text));
                return;
            }
            String assigned = text.substring("+OK Job-UUID:".length()).strip();
            if (jobs.remove(jobUuid) == null) {
                return; // already ended: FreeSWITCH writes the reply before any event (listener_run)
            }
            jobs.put(assigned, job);
            job.timer = client.clock().schedule(() -> client.onLoop(() -> {
                if (jobs.remove(assigned, job)) {
                    result.completeExceptionally(new TimeoutException("no BACKGROUND_JOB from FreeSWITCH within "
                            + jobTimeout.toMillis() + " ms for bgapi " + name + " (Job-UUID " + assigned + ")"));
                }
            }), jobTimeout.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    // ---- the socket's end ----

    /** Closes the socket for {@code reason}; the socket's end then fails what is in flight. */
    ChannelFuture close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        return channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String reason = closeReason != null ? closeReason
                : "FreeSWITCH's event socket at " + client.address() + " closed the connection";
        boolean wasReady = stage == Stage.READY;
        stage = Stage.CLOSED;
        cancelHandshake();
        EslConnectionException lost = new EslConnectionException("connection to FreeSWITCH's event socket at "
                + client.address() + " lost (" + reason + ") before the reply");
        replies.failAll(lost);
        for (Map.Entry<String, Job> entry : jobs.entrySet()) {
            Job job = entry.getValue();
            job.cancelTimer();
            job.result.completeExceptionally(new EslConnectionException("connection to FreeSWITCH's event socket at "
                    + client.address() + " lost (" + reason + ") before the result of bgapi " + job.command
                    + " (Job-UUID " + entry.getKey() + "); it may have run"));
        }
        jobs.clear();
        client.lost(this, wasReady, !wasReady && closeReason == null ? reason + " during the handshake" : reason);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("event socket I/O error: {}", cause.toString());
        } else {
            LOG.warn("event socket error", cause);
        }
        close("I/O error: " + cause.getMessage());
    }

    private void armHandshake(Duration timeout, String what) {
        cancelHandshake();
        handshakeTimer = client.clock().schedule(() -> client.onLoop(() -> {
            if (stage != Stage.READY && stage != Stage.CLOSED) {
                close(what + " from FreeSWITCH within " + timeout.toMillis() + " ms");
            }
        }), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelHandshake() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    private static String firstLine(EslCommand command) {
        int eol = command.text().indexOf('\n');
        return eol < 0 ? command.text() : command.text().substring(0, eol);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
