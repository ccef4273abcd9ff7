package io.callrobot.esl;

/** Accepts calls that FreeSWITCH hands to the outbound socket server. */
public interface EslCallHandler {

    /**
     * A call connected and its channel data has arrived. Called on the connection's I/O thread;
     * must not block. Returns the listener for the connection's events.
     */
    EslEventListener onCall(EslConnection connection);
}
