package io.callrobot.net;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An okhttp websocket whose {@link #send} and {@link #close} only queue: a virtual thread hands them
 * to okhttp in order, so the caller never waits on okhttp's locks. okhttp 4.12's send takes the
 * socket's monitor and then its TaskRunner's, one monitor for every websocket of the process
 * (RealWebSocket.send → runWriter → TaskQueue.schedule → synchronized(taskRunner)), which hundreds
 * of writer threads contend for under load; the media receive thread that feeds every call's ASR,
 * and the timer thread, must not queue behind them. {@link #cancel()} is immediate and drops what
 * is still queued.
 */
public final class QueuedWebSocket implements WebSocket {

    private static final Logger log = LoggerFactory.getLogger(QueuedWebSocket.class);
    private final WebSocket socket;
    private final String name;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Set by close() or cancel(), or when okhttp refused a queued message (it is closing): later sends are refused. */
    private volatile boolean closing;

    /** A message (or the close) for okhttp; {@code handOver} returns what okhttp answered. */
    private record Pending(BooleanSupplier handOver, long bytes) {
    }

    private QueuedWebSocket(WebSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    /** @param name names the virtual thread that hands messages to okhttp */
    public static QueuedWebSocket of(WebSocket socket, String name) {
        return new QueuedWebSocket(socket, name);
    }

    @Override
    public Request request() {
        return socket.request();
    }

    /** Bytes queued here and in okhttp, not yet transmitted. */
    @Override
    public long queueSize() {
        return pendingBytes.get() + socket.queueSize();
    }

    /** Queues the message; false once the socket is closing (as okhttp's own send). */
    @Override
    public boolean send(String text) {
        return enqueue(() -> socket.send(text), text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Override
    public boolean send(ByteString bytes) {
        return enqueue(() -> socket.send(bytes), bytes.size());
    }

    /** Queues the close after every message sent before it; false if the socket was already closing. */
    @Override
    public boolean close(int code, String reason) {
        boolean queued = enqueue(() -> socket.close(code, reason), 0);
        closing = true;
        return queued;
    }

    @Override
    public void cancel() {
        closing = true;
        for (Pending dropped = pending.poll(); dropped != null; dropped = pending.poll()) {
            pendingBytes.addAndGet(-dropped.bytes());
        }
        socket.cancel();
    }

    /** Queues {@code operation} unless closing, and starts the hand-off thread unless it runs. */
    private boolean enqueue(BooleanSupplier operation, long bytes) {
        if (closing) {
            return false;
        }
        pendingBytes.addAndGet(bytes);
        pending.add(new Pending(operation, bytes));
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name(name).start(this::drain);
        }
        return true;
    }

    /** Hands everything queued to okhttp, in order; one drainer at a time. */
    private void drain() {
        do {
            for (Pending next = pending.poll(); next != null; next = pending.poll()) {
                try {
                    if (!next.handOver().getAsBoolean()) {
                        closing = true;
                    }
                } catch (RuntimeException e) {
                    closing = true; // e.g. an invalid close code; the drainer must go on
                    log.warn("{}: okhttp refused a message: {}", name, e.toString());
                }
                pendingBytes.addAndGet(-next.bytes());
            }
            draining.set(false);
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
    }
}
