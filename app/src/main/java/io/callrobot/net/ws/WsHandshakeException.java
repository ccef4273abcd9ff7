package io.callrobot.net.ws;

import java.io.IOException;

/** The server answered the opening handshake with something other than {@code 101 Switching Protocols}. */
public final class WsHandshakeException extends IOException {

    private final int status;

    WsHandshakeException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the server answered. */
    public int status() {
        return status;
    }
}
