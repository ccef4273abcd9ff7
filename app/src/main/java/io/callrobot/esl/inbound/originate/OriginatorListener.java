package io.callrobot.esl.inbound.originate;

/**
 * Hears what an {@link Originator} learns besides its futures' results. Calls come one at a time
 * on the originator's delivery thread, never on an I/O thread and never under a lock.
 */
public interface OriginatorListener {

    /**
     * The event socket is up. After a reconnect ({@code reconnected}) every originate that was in
     * flight has failed with {@link OriginateInDoubtException}: reconcile them with
     * {@link Originator#exists}.
     */
    default void onConnected(boolean reconnected) {
    }

    /** The event socket was lost; originates fail until it is back. */
    default void onDisconnected(String reason) {
    }

    /**
     * An answered call placed by this originator ended ({@code CHANNEL_HANGUP_COMPLETE}).
     *
     * @param hangupCause FreeSWITCH's {@code Hangup-Cause}; null if the call ended while the socket was
     *                    down, so that only its absence was seen after reconnecting
     */
    default void onCallEnded(String uuid, String hangupCause) {
    }
}
