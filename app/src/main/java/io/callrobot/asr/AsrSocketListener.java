package io.callrobot.asr;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ASR stream on an okhttp websocket, ended exactly once ({@link AsrSocketEnd}): closed when the
 * server ends it as expected, failed otherwise, with the {@link AsrListener} told once and kept from
 * breaking okhttp's reader thread. Subclasses speak their provider's protocol in
 * {@link #onMessage(WebSocket, String)}.
 */
public abstract class AsrSocketListener extends WebSocketListener {

    /** The subclass's logger, so that log lines keep naming the provider's stream. */
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String provider;
    protected final AsrRequest request;
    protected final AsrListener listener;
    private final AsrSocketEnd end;

    /**
     * @param provider names the provider in messages ("NLS")
     * @param peer     names who closed the connection in the mid-call failure ("FunASR server")
     * @param url      the websocket's URL, for connection failures
     */
    protected AsrSocketListener(String provider, String peer, String url, AsrRequest request, AsrListener listener) {
        this.provider = provider;
        this.request = request;
        this.listener = listener;
        this.end = new AsrSocketEnd(log, provider, peer, url, request, listener, this::ended);
    }

    /** Whether a close by the server now is the end the stream asked for rather than a failure. */
    protected abstract boolean closeExpected();

    /** Runs once, when the stream ends and before the socket is closed or cancelled; {@code failed} tells which. */
    protected void ended(boolean failed) {
    }

    protected final boolean isDone() {
        return end.isDone();
    }

    /** The caller's cancel: drops the socket without telling the listener. */
    protected final void abort(WebSocket webSocket) {
        end.abort(webSocket::cancel);
    }

    /** Closes the socket after {@code millis} unless the stream ended, logging that {@code awaited} never came. */
    protected final void closeUnlessDoneAfter(long millis, WebSocket webSocket, String awaited, String since) {
        end.closeUnlessDoneAfter(millis, () -> webSocket.close(1000, "done"), awaited, since);
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
        end.connectionFailed(response == null ? "" : "HTTP " + response.code() + " " + response.message(), t,
                webSocket::cancel);
    }

    private void serverClosed(WebSocket webSocket, int code, String reason) {
        end.serverClosed(closeExpected(), code, reason, () -> webSocket.close(1000, "done"), webSocket::cancel);
    }

    protected final void close(WebSocket webSocket) {
        end.close(() -> webSocket.close(1000, "done"));
    }

    protected final void fail(WebSocket webSocket, String message, Throwable cause) {
        end.fail(message, cause, webSocket::cancel);
    }

    /** Makes a listener callback unless the stream has ended; call it holding no lock. */
    protected final void deliver(Runnable callback) {
        end.deliver(callback);
    }
}
