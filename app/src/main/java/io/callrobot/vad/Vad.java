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

    /**
     * While speaking: how long the voice has been quiet so far (the hangover under way), 0 while
     * it is voiced. Lets barge-in see a short sound end long before {@link #speaking()} does.
     */
    double quietMillis();

    /** Forgets all history, e.g. when a new call starts with a pooled instance. */
    void reset();
}
