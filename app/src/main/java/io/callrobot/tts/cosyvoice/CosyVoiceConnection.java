package io.callrobot.tts.cosyvoice;

import java.io.IOException;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated CosyVoice websocket. It carries one task at a time; between tasks it waits in
 * the {@link CosyVoiceConnectionPool}. Frames go to the current task's {@link Handler}.
 */
final class CosyVoiceConnection extends WebSocketListener {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceConnection.class);

    /** The task using the connection; called on okhttp's reader thread. */
    interface Handler {
        void text(String json);

        void binary(ByteString bytes);

        void lost(IOException error);
    }

    private final CosyVoiceConnectionPool pool;
    private volatile WebSocket socket;
    private volatile Handler handler;
    private volatile boolean opened;
    private volatile boolean closed;
    private volatile IOException lostBecause;
    /** When the connection last became idle, by the pool's clock. */
    private long idleSince;

    CosyVoiceConnection(CosyVoiceConnectionPool pool, long createdNanos) {
        this.pool = pool;
        this.idleSince = createdNanos;
    }

    void attach(WebSocket webSocket) {
        this.socket = webSocket;
    }

    /** Routes frames to {@code next}, or nowhere if null (idle). */
    void handler(Handler next) {
        this.handler = next;
    }

    /** Queues a text frame; okhttp sends it once the handshake is done. False if the socket is gone. */
    boolean send(String json) {
        return !closed && socket.send(json);
    }

    /** Closes gracefully (status 1000, RFC 6455 section 7.4.1: normal closure). */
    void close() {
        closed = true;
        handler = null;
        socket.close(1000, null);
    }

    /** Drops the connection at once, discarding queued frames. */
    void cancel() {
        closed = true;
        handler = null;
        socket.cancel();
    }

    boolean isOpen() {
        return opened && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    /** Why the connection was lost (a refused handshake, a drop), or null if it was not. */
    IOException lostBecause() {
        return lostBecause;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        opened = true;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        Handler current = handler;
        if (current != null) {
            current.text(text);
        } else {
            log.debug("CosyVoice frame on an idle connection ignored: {}", text);
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        Handler current = handler;
        if (current != null) {
            current.binary(bytes);
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
        lost(new IOException("CosyVoice closed the websocket: " + code + (reason.isEmpty() ? "" : " " + reason)));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String what = response != null
                ? "CosyVoice refused the websocket: HTTP " + response.code() + " " + response.message()
                : "CosyVoice websocket failed: " + t;
        lost(new IOException(what, t));
    }

    private void lost(IOException error) {
        boolean wasOpened = opened;
        lostBecause = error;
        closed = true;
        Handler current = handler;
        handler = null;
        pool.lost(this, wasOpened, error);
        if (current != null) {
            current.lost(error);
        }
    }
}
