package io.callrobot.esl;

/** Receives one connection's events, on its I/O thread: implementations must not block. */
public interface EslEventListener {

    void onEvent(EslEvent event);

    /**
     * The connection ended: FreeSWITCH's disconnect notice, the socket closing, or a protocol error.
     * Called exactly once; {@code reason} is for the log.
     */
    void onDisconnect(String reason);
}
