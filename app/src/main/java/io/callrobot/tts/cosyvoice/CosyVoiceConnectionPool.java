package io.callrobot.tts.cosyvoice;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standby CosyVoice websockets, opened and authenticated before a reply needs one, as DashScope's own
 * SDK pool does (dashscope tts_v2 SpeechSynthesizerObjectPool): a take hands out an idle connection
 * (open, else still in its handshake, else a new one) and opens a replacement; a connection whose
 * task finished cleanly comes back for the next task. Idle ones older than the limit are replaced.
 * After a standby connection fails its handshake, no new standby is opened until the next take, so
 * an unreachable server is not hammered.
 */
final class CosyVoiceConnectionPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceConnectionPool.class);

    private final OkHttpClient client;
    private final Request handshake;
    private final int standby;
    private final long maxIdleNanos;
    private final LongSupplier clock;
    private final Deque<CosyVoiceConnection> idle = new ArrayDeque<>();
    private boolean refillSuspended;
    private boolean closed;

    CosyVoiceConnectionPool(OkHttpClient client, Request handshake, int standby, long maxIdleNanos, LongSupplier clock) {
        this.client = client;
        this.handshake = handshake;
        this.standby = standby;
        this.maxIdleNanos = maxIdleNanos;
        this.clock = clock;
    }

    /** Opens the standby connections. */
    synchronized void start() {
        refill();
    }

    /** A connection for one task, preferring an open one; the pool opens a replacement. */
    synchronized CosyVoiceConnection take() {
        if (closed) {
            throw new IllegalStateException("CosyVoice engine is closed");
        }
        dropStale(); // one idle past the limit may already be closed by the service: never hand it out
        CosyVoiceConnection chosen = idle.stream().filter(CosyVoiceConnection::isOpen).findFirst()
                .orElseGet(() -> idle.stream().filter(c -> !c.isClosed()).findFirst().orElse(null));
        if (chosen != null) {
            idle.remove(chosen);
        } else {
            chosen = connect();
        }
        refillSuspended = false;
        refill();
        return chosen;
    }

    /** A connection whose task finished cleanly: kept for the next task if a standby place is free. */
    synchronized void giveBack(CosyVoiceConnection connection) {
        connection.handler(null);
        if (!closed && connection.isOpen() && idle.size() < standby) {
            connection.idleSince(clock.getAsLong());
            idle.addFirst(connection);
        } else {
            connection.close();
        }
    }

    /** Closes idle connections past the idle limit and tops the standby up. */
    synchronized void maintain() {
        dropStale();
        refill();
    }

    private void dropStale() {
        long now = clock.getAsLong();
        List<CosyVoiceConnection> stale = new ArrayList<>();
        for (CosyVoiceConnection c : idle) {
            if (c.isClosed() || now - c.idleSince() > maxIdleNanos) {
                stale.add(c);
            }
        }
        idle.removeAll(stale);
        stale.forEach(CosyVoiceConnection::close);
    }

    /** Called by a connection that failed or was closed by the server. */
    synchronized void lost(CosyVoiceConnection connection, boolean wasOpened, IOException error) {
        if (idle.remove(connection)) {
            if (!wasOpened) {
                refillSuspended = true;
                log.warn("CosyVoice standby connection failed: {}", error.getMessage());
            } else {
                log.debug("CosyVoice standby connection ended: {}", error.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(CosyVoiceConnection::close);
        idle.clear();
    }

    private void refill() {
        while (!closed && !refillSuspended && idle.size() < standby) {
            idle.add(connect());
        }
    }

    private CosyVoiceConnection connect() {
        CosyVoiceConnection connection = new CosyVoiceConnection(this, clock.getAsLong());
        connection.attach(client.newWebSocket(handshake, connection));
        return connection;
    }
}
