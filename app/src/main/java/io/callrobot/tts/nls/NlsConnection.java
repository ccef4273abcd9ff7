package io.callrobot.tts.nls;

import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A websocket whose listener is chosen after it was opened: it waits as a standby connection, then
 * is handed to one synthesis stream, which hears every later callback. A standby connection that
 * the server closes or that fails is reported to {@code onIdleEnd} and never handed out.
 */
final class NlsConnection extends WebSocketListener {

    private static final Logger log = LoggerFactory.getLogger(NlsConnection.class);

    private final Object lock = new Object();
    private final Consumer<NlsConnection> onIdleEnd;
    private WebSocketListener owner;
    private boolean ended;
    private volatile WebSocket socket;

    /** A connection for {@code owner} now, or a standby one when owner is null. */
    NlsConnection(WebSocketListener owner, Consumer<NlsConnection> onIdleEnd) {
        this.owner = owner;
        this.onIdleEnd = onIdleEnd;
    }

    void socket(WebSocket webSocket) {
        this.socket = webSocket;
    }

    WebSocket socket() {
        return socket;
    }

    /** Hands an idle connection to {@code stream}; false if it already ended or belongs to another. */
    boolean attach(WebSocketListener stream) {
        synchronized (lock) {
            if (ended || owner != null) {
                return false;
            }
            owner = stream;
            return true;
        }
    }

    /** Closes the connection if it is still idle. */
    void closeIdle(String reason) {
        synchronized (lock) {
            if (ended || owner != null) {
                return;
            }
            ended = true;
        }
        socket.close(1000, reason);
    }

    /** The owner, or null while idle; a terminal event while idle ends the connection. */
    private WebSocketListener target(boolean terminal) {
        boolean idleEnd = false;
        WebSocketListener target;
        synchronized (lock) {
            target = owner;
            if (target == null && terminal && !ended) {
                ended = true;
                idleEnd = true;
            }
        }
        if (idleEnd) {
            onIdleEnd.accept(this);
        }
        return target;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        WebSocketListener target = target(false);
        if (target != null) {
            target.onOpen(webSocket, response);
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        WebSocketListener target = target(false);
        if (target != null) {
            target.onMessage(webSocket, text);
        } else {
            log.debug("NLS standby connection: unexpected event ignored: {}", text);
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        WebSocketListener target = target(false);
        if (target != null) {
            target.onMessage(webSocket, bytes);
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        WebSocketListener target = target(true);
        if (target != null) {
            target.onClosing(webSocket, code, reason);
        } else {
            webSocket.close(1000, null);
        }
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        WebSocketListener target = target(true);
        if (target != null) {
            target.onClosed(webSocket, code, reason);
        }
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        WebSocketListener target = target(true);
        if (target != null) {
            target.onFailure(webSocket, t, response);
        } else {
            log.debug("NLS standby connection failed: {}", t.toString());
        }
    }
}
