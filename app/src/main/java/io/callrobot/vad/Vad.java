package io.callrobot.vad;

/**
 * Voice activity detection over consecutive frames of one call. Implementations keep per-call
 * state, allocate nothing per frame and are driven from a single thread.
 */
public interface Vad {

    /** Feeds one frame of signed 16-bit mono samples; returns whether the caller is speaking after it. */
    boolean process(short[] frame, int offset, int length);

    /** Whether speech is currently detected (after hysteresis). */
    boolean speaking();

    /** Forgets all history, e.g. when a new call starts with a pooled instance. */
    void reset();
}
