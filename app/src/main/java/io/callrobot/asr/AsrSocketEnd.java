package io.callrobot.asr;

import io.callrobot.concurrent.CallbackQueue;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Ends one call's ASR connection exactly once, whatever its transport: closed when the server ends
 * it as expected, failed otherwise, with the {@link AsrListener} told once and kept from breaking
 * the transport's thread. The connection's own close and cancel are passed in as actions.
 *
 * <p>Listener callbacks go through a {@link CallbackQueue}, queued only while the stream has not
 * ended: they are made with no lock held, one at a time and in order, though the transport's thread
 * and the finish time-out both end streams, and none follows the terminal one. A callback already
 * under way when {@link #abort} is called from another thread may still complete.
 */
public final class AsrSocketEnd {

    private final Logger log;
    private final String provider;
    private final String peer;
    private final String url;
    private final AsrRequest request;
    private final AsrListener listener;
    private final Consumer<Boolean> ended;
    /** Makes "not ended, so queue the callback" one step with ending. */
    private final Object lock = new Object();
    private final CallbackQueue callbacks;
    private volatile boolean done;

    /**
     * @param log      the stream's logger, so that log lines keep naming the provider's stream
     * @param provider names the provider in messages ("NLS")
     * @param peer     names who closed the connection in the mid-call failure ("FunASR server")
     * @param url      the connection's URL, for connection failures
     * @param ended    runs once, when the stream ends and before the connection is closed or
     *                 cancelled, with whether it failed
     */
    public AsrSocketEnd(Logger log, String provider, String peer, String url, AsrRequest request,
                        AsrListener listener, Consumer<Boolean> ended) {
        this.log = log;
        this.provider = provider;
        this.peer = peer;
        this.url = url;
        this.request = request;
        this.listener = listener;
        this.ended = ended;
        // a throwing listener must not break the transport's thread
        this.callbacks = new CallbackQueue(e -> log.error("call {}: ASR listener threw", request.callId(), e));
    }

    public boolean isDone() {
        return done;
    }

    /** The caller's cancel: ends without telling the listener, then runs {@code cancelSocket}. */
    public void abort(Runnable cancelSocket) {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            callbacks.clear();
        }
        cancelSocket.run();
    }

    /** Closes after {@code millis} unless the stream ended, logging that {@code awaited} never came. */
    public void closeUnlessDoneAfter(long millis, Runnable closeSocket, String awaited, String since) {
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
            if (!done) {
                log.info("call {}: {} sent no {} within {} ms of {}", request.callId(), provider, awaited, millis, since);
                close(closeSocket);
            }
        });
    }

    /** The server closed: the end asked for if {@code expected}, else a mid-call failure. */
    public void serverClosed(boolean expected, int code, String reason, Runnable closeSocket, Runnable cancelSocket) {
        if (expected) {
            close(closeSocket);
        } else {
            fail(peer + " closed the connection mid-call: " + code + " " + reason, null, cancelSocket);
        }
    }

    /** The connection failed; {@code httpStatus} ("HTTP 401 Unauthorized") is empty when there was no response. */
    public void connectionFailed(String httpStatus, Throwable t, Runnable cancelSocket) {
        String where = httpStatus.isEmpty() ? "" : " (" + httpStatus + ")";
        fail(provider + " connection to " + url + " failed" + where + ": " + t, t, cancelSocket);
    }

    /** Ends the stream as closed, unless it has ended, and runs {@code closeSocket}. */
    public void close(Runnable closeSocket) {
        if (end(listener::onClosed)) {
            ended.accept(false);
            closeSocket.run();
            callbacks.drain();
        }
    }

    /** Ends the stream as failed, unless it has ended, and runs {@code cancelSocket}. */
    public void fail(String message, Throwable cause, Runnable cancelSocket) {
        IOException error = new IOException("call " + request.callId() + ": " + message, cause);
        if (end(() -> listener.onFailure(error))) {
            ended.accept(true);
            cancelSocket.run();
            log.warn("{}", error.getMessage());
            callbacks.drain();
        }
    }

    /** Makes a listener callback unless the stream has ended; call it holding no lock. */
    public void deliver(Runnable callback) {
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
