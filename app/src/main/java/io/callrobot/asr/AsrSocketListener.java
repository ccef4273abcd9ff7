package io.callrobot.asr;

import io.callrobot.concurrent.CallbackQueue;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends one call's ASR websocket exactly once: closed when the server ends it as expected, failed
 * otherwise, with the {@link AsrListener} told once and kept from breaking okhttp's reader thread.
 * Subclasses speak their provider's protocol in {@link #onMessage(WebSocket, String)}.
 *
 * <p>Listener callbacks go through a {@link CallbackQueue}, queued only while the stream has not
 * ended: they are made with no lock held, one at a time and in order, though okhttp's reader thread
 * and the finish time-out both end streams, and none follows the terminal one. A callback already
 * under way when {@link #abort} is called from another thread may still complete.
 */
public abstract class AsrSocketListener extends WebSocketListener {

    /** The subclass's logger, so that log lines keep naming the provider's stream. */
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String provider;
    private final String peer;
    private final String url;
    protected final AsrRequest request;
    protected final AsrListener listener;
    /** Makes "not ended, so queue the callback" one step with ending. */
    private final Object lock = new Object();
    private final CallbackQueue callbacks;
    private volatile boolean done;

    /**
     * @param provider names the provider in messages ("NLS")
     * @param peer     names who closed the connection in the mid-call failure ("FunASR server")
     * @param url      the websocket's URL, for connection failures
     */
    protected AsrSocketListener(String provider, String peer, String url, AsrRequest request, AsrListener listener) {
        this.provider = provider;
        this.peer = peer;
        this.url = url;
        this.request = request;
        this.listener = listener;
        // a throwing listener must not break the socket's reader thread
        this.callbacks = new CallbackQueue(e -> log.error("call {}: ASR listener threw", request.callId(), e));
    }

    /** Whether a close by the server now is the end the stream asked for rather than a failure. */
    protected abstract boolean closeExpected();

    /** Runs once, when the stream ends and before the socket is closed or cancelled; {@code failed} tells which. */
    protected void ended(boolean failed) {
    }

    protected final boolean isDone() {
        return done;
    }

    /** The caller's cancel: drops the socket without telling the listener. */
    protected final void abort(WebSocket webSocket) {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            callbacks.clear();
        }
        webSocket.cancel();
    }

    /** Closes the socket after {@code millis} unless the stream ended, logging that {@code awaited} never came. */
    protected final void closeUnlessDoneAfter(long millis, WebSocket webSocket, String awaited, String since) {
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
            if (!done) {
                log.info("call {}: {} sent no {} within {} ms of {}", request.callId(), provider, awaited, millis, since);
                close(webSocket);
            }
        });
    }

    @Override
    public final void onMessage(WebSocket webSocket, ByteString bytes) {
        log.debug("call {}: {} sent {} unexpected binary bytes", request.callId(), provider, bytes.size());
    }

    @Override
    public final void onClosing(WebSocket webSocket, int code, String reason) {
        serverClosed(webSocket, code, reason);
    }

    @Override
    public final void onClosed(WebSocket webSocket, int code, String reason) {
        serverClosed(webSocket, code, reason);
    }

    @Override
    public final void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String where = response == null ? "" : " (HTTP " + response.code() + " " + response.message() + ")";
        fail(webSocket, provider + " connection to " + url + " failed" + where + ": " + t, t);
    }

    private void serverClosed(WebSocket webSocket, int code, String reason) {
        if (closeExpected()) {
            close(webSocket);
        } else {
            fail(webSocket, peer + " closed the connection mid-call: " + code + " " + reason, null);
        }
    }

    protected final void close(WebSocket webSocket) {
        if (end(listener::onClosed)) {
            ended(false);
            webSocket.close(1000, "done");
            callbacks.drain();
        }
    }

    protected final void fail(WebSocket webSocket, String message, Throwable cause) {
        IOException error = new IOException("call " + request.callId() + ": " + message, cause);
        if (end(() -> listener.onFailure(error))) {
            ended(true);
            webSocket.cancel();
            log.warn("{}", error.getMessage());
            callbacks.drain();
        }
    }

    /** Makes a listener callback unless the stream has ended; call it holding no lock. */
    protected final void deliver(Runnable callback) {
        synchronized (lock) {
            if (done) {
                return;
            }
            callbacks.add(callback);
        }
        callbacks.drain();
    }

    /** Ends the stream once, queueing its terminal callback; false if it had already ended. */
    private boolean end(Runnable terminal) {
        synchronized (lock) {
            if (done) {
                return false;
            }
            done = true;
            callbacks.add(terminal);
            return true;
        }
    }
}
