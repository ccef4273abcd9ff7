package io.callrobot.tts;

/** A speech synthesis provider: text chunks in, PCM out. */
public interface TtsEngine {

    /** Opens a stream for one reply; audio and the single terminal callback go to {@code listener}. */
    TtsStream open(TtsRequest request, TtsListener listener);

    /**
     * Whether each chunk's audio is exactly the speech of that chunk's text. Providers that re-split
     * the text they are streamed into sentences of their own (CosyVoice, NLS) can only attribute
     * audio near chunk edges approximately: audio they deliver for a chunk must not be stored as
     * that chunk's speech unless the chunk was synthesised alone.
     */
    default boolean exactChunks() {
        return true;
    }

    /**
     * Whether the provider takes text as it is written, in one stream per reply (CosyVoice
     * {@code continue-task}, NLS FlowingSpeechSynthesizer), rather than one request per chunk: the
     * chunker then hands it every clause at once instead of waiting for a natural first chunk.
     */
    default boolean streamsText() {
        return false;
    }
}
