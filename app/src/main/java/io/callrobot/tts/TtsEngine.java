package io.callrobot.tts;

/** A speech synthesis provider: text chunks in, PCM out. */
public interface TtsEngine {

    /** Opens a stream for one reply; audio and the single terminal callback go to {@code listener}. */
    TtsStream open(TtsRequest request, TtsListener listener);
}
