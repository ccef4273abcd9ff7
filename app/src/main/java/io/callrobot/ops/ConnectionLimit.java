package io.callrobot.ops;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps the connections the ops endpoint holds open; one beyond the cap is closed as it arrives. */
final class ConnectionLimit {

    private final int max;
    private final CallMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max, CallMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
        metrics.httpConnections(open::get);
    }

    /** Counts an accepted connection until it closes, or refuses it (closed and counted) when at the cap. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.httpConnectionClosed("over_limit");
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }
}
