package io.callrobot.media;

/**
 * Learns what the pacer actually sent of each robot turn. Called on the pacer thread, which
 * serves every call: implementations must be cheap and never block (hand work off).
 */
public interface PlayoutListener {

    /** The first frame of {@code turnId} was handed to the socket at {@code nanoTime} ({@link System#nanoTime}). */
    default void onFirstFrame(int turnId, long nanoTime) {
    }

    /** {@code turnId} was ended and all its audio has been sent; {@code heardText} is its whole text. */
    default void onTurnPlayed(int turnId, String heardText) {
    }
}
