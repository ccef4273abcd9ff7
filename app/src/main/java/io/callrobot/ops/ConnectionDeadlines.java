package io.callrobot.ops;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer per connection, first in the pipeline so it sees raw bytes: between requests the
 * connection may stay idle for {@code idleTimeout}; from the first byte of a request until its
 * response is written, {@code requestTimeout} in all, however steadily the bytes trickle in (a
 * slowloris client sending a byte a second is never idle). Either way the connection is closed.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {

    private final long idleNanos;
    private final long requestNanos;
    private final CallMetrics metrics;
    private boolean inRequest;
    private ScheduledFuture<?> timer;

    ConnectionDeadlines(Duration idleTimeout, Duration requestTimeout, CallMetrics metrics) {
        this.idleNanos = idleTimeout.toNanos();
        this.requestNanos = requestTimeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && timer == null) {
            arm(ctx, idleNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null) {
            arm(ctx, idleNanos);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inRequest) {
            inRequest = true;
            arm(ctx, requestNanos);
        }
        ctx.fireChannelRead(msg);
    }

    /** Only responses are written: one means the request it answers is over. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        inRequest = false;
        arm(ctx, idleNanos);
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        cancel();
        timer = ctx.executor().schedule(() -> expire(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isOpen()) {
            metrics.httpConnectionClosed(inRequest ? "request_timeout" : "idle");
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
