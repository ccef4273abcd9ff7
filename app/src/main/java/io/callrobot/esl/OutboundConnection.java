package io.callrobot.esl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's outbound-socket connection: sends {@code connect}, waits for the channel data, hands
 * the call to the {@link EslCallHandler}, then correlates replies with commands and delivers
 * events. All state is touched on the channel's event loop only.
 */
final class OutboundConnection extends SimpleChannelInboundHandler<EslFrame> implements EslConnection {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundConnection.class);

    private final EslCallHandler handler;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final PendingReplies pending = new PendingReplies();

    private Channel channel;
    private ScheduledFuture<?> connectTimer;
    private EslEvent channelData;
    private EslEventListener listener;
    private String closeReason;
    private boolean disconnected;

    OutboundConnection(EslCallHandler handler, Duration commandTimeout, Duration connectTimeout) {
        this.handler = handler;
        this.commandTimeout = commandTimeout;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        // The outbound socket's first command is "connect"; the reply carries the channel data (mod_event_socket.c, parse_command).
        ctx.writeAndFlush(EslCommand.plain("connect"));
        connectTimer = ctx.executor().schedule(() -> {
            LOG.warn("no channel data from {} within {} ms of connect; closing", channel.remoteAddress(), connectTimeout.toMillis());
            closeWith("no channel data within " + connectTimeout.toMillis() + " ms");
        }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, EslFrame frame) {
        if (frame.isFailure()) {
            LOG.warn("bad ESL frame from {} (call {}): {}", channel.remoteAddress(), callId(), frame.failure().getMessage());
            closeWith("protocol error: " + frame.failure().getMessage());
            return;
        }
        String type = frame.contentType();
        if (listener == null) {
            awaitChannelData(frame, type);
            return;
        }
        switch (type == null ? "" : type) {
            case "command/reply" -> reply(new EslReply(frame.headers().get("Reply-Text")));
            case "api/response" -> reply(new EslReply(frame.body()));
            case "text/event-plain" -> event(frame, false);
            case "text/event-json" -> event(frame, true);
            case "text/disconnect-notice" -> disconnectNotice(frame);
            case "text/event-xml" -> LOG.debug("ignoring XML event on call {}; subscribe with plain or json", callId());
            case "log/data" -> LOG.trace("ignoring log/data on call {}", callId());
            default -> LOG.debug("ignoring ESL frame of type {} on call {}", type, callId());
        }
    }

    private void awaitChannelData(EslFrame frame, String type) {
        if ("command/reply".equals(type)) {
            connectTimer.cancel(false);
            channelData = EslEventParser.channelData(frame);
            EslEventListener accepted;
            try {
                accepted = handler.onCall(this);
            } catch (RuntimeException e) {
                LOG.error("call handler failed for call {}", callId(), e);
                closeWith("call handler failed: " + e);
                return;
            }
            if (accepted == null) {
                LOG.error("call handler returned no listener for call {}", callId());
                closeWith("call handler returned no listener");
                return;
            }
            listener = accepted;
        } else if ("text/disconnect-notice".equals(type) || "text/rude-rejection".equals(type)) {
            closeWith("FreeSWITCH ended the connection before channel data: " + frame.body().trim());
        } else {
            LOG.debug("ignoring ESL frame of type {} before channel data", type);
        }
    }

    private void reply(EslReply reply) {
        if (!pending.complete(reply)) {
            LOG.warn("reply without a command on call {}: {}", callId(), reply.text());
        }
    }

    private void event(EslFrame frame, boolean json) {
        EslEvent event;
        try {
            event = json ? EslEventParser.json(frame.body()) : EslEventParser.plain(frame.body());
        } catch (IllegalArgumentException e) {
            LOG.warn("unparsable event on call {}: {}", callId(), e.getMessage());
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("event listener failed on {} for call {}", event.name(), callId(), e);
        }
    }

    private void disconnectNotice(EslFrame frame) {
        // With "linger" FreeSWITCH announces the hangup and keeps sending events until it closes the socket
        // (mod_event_socket.c, check_queue: Content-Disposition: linger).
        if ("linger".equals(frame.headers().get("Content-Disposition"))) {
            LOG.debug("call {} hung up; FreeSWITCH lingers {} s", callId(), frame.headers().get("Linger-Time"));
            return;
        }
        closeWith("FreeSWITCH disconnect notice: " + frame.body().trim());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disconnect(closeReason != null ? closeReason : "socket closed by FreeSWITCH");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("I/O error on call {}: {}", callId(), cause.toString());
        } else {
            LOG.warn("error on call {}", callId(), cause);
        }
        closeWith("I/O error: " + cause.getMessage());
    }

    private void closeWith(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        disconnect(reason);
        channel.close();
    }

    private void disconnect(String reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        pending.failAll(new IOException("ESL connection closed: " + reason));
        if (listener != null) {
            try {
                listener.onDisconnect(reason);
            } catch (RuntimeException e) {
                LOG.error("onDisconnect failed for call {}", callId(), e);
            }
        }
    }

    private String callId() {
        return channelData == null ? "-" : channelData.uniqueId();
    }

    // ---- EslConnection: callable from any thread ----

    @Override
    public EslEvent channelData() {
        return channelData;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public CompletableFuture<EslReply> command(String command) {
        return send(EslCommand.plain(command));
    }

    @Override
    public CompletableFuture<EslReply> sendmsg(Map<String, String> headers) {
        return send(EslCommand.sendmsg(headers));
    }

    @Override
    public CompletableFuture<EslReply> execute(String application, String argument) {
        return send(EslCommand.execute(application, argument));
    }

    @Override
    public CompletableFuture<EslReply> hangup(String cause) {
        return send(EslCommand.hangup(cause));
    }

    @Override
    public CompletableFuture<EslReply> api(String command) {
        return send(EslCommand.plain("api " + command));
    }

    @Override
    public void close() {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            closeWith("closed by CallRobot");
        } else {
            try {
                loop.execute(() -> closeWith("closed by CallRobot"));
            } catch (RejectedExecutionException e) {
                channel.close();
            }
        }
    }

    private CompletableFuture<EslReply> send(EslCommand command) {
        CompletableFuture<EslReply> reply = new CompletableFuture<>();
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            write(command, reply);
        } else {
            try {
                loop.execute(() -> write(command, reply));
            } catch (RejectedExecutionException e) {
                reply.completeExceptionally(new IOException("ESL connection closed: server shut down", e));
            }
        }
        return reply;
    }

    private void write(EslCommand command, CompletableFuture<EslReply> reply) {
        if (disconnected) {
            reply.completeExceptionally(new IOException("ESL connection closed: " + closeReason));
            return;
        }
        pending.add(reply);
        ScheduledFuture<?> timer = channel.eventLoop().schedule(
                () -> reply.completeExceptionally(new TimeoutException(
                        "no reply within " + commandTimeout.toMillis() + " ms to: " + firstLine(command))),
                commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((r, e) -> timer.cancel(false));
        channel.writeAndFlush(command).addListener(written -> {
            if (!written.isSuccess()) {
                closeWith("write failed: " + written.cause());
            }
        });
    }

    private static String firstLine(EslCommand command) {
        int eol = command.text().indexOf('\n');
        return eol < 0 ? command.text() : command.text().substring(0, eol);
    }
}
