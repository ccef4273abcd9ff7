package io.callrobot.net.ws;

/**
 * What a {@link WsConnection} reports, on its event loop: text messages, then exactly one of
 * {@link #onClosed} or {@link #onFailure}, after which nothing more. Callbacks must not block: every
 * connection of the server shares the loop.
 */
public interface WsListener {

    /** A whole text message (fragments already joined). */
    void onText(WsConnection connection, String text);

    /**
     * The peer's close frame arrived: it closed first (answered already), or it answered
     * {@link WsConnection#close}.
     */
    void onClosed(WsConnection connection, int code, String reason);

    /**
     * The connection failed: no connection, a refused handshake ({@link WsHandshakeException}), a
     * connection lost without a close frame, or a close the peer did not answer in time.
     */
    void onFailure(WsConnection connection, Throwable cause);
}
