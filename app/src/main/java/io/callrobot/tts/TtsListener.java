package io.callrobot.tts;

/**
 * Receives synthesised audio. For each chunk: {@link #onAudio} zero or more times, then
 * {@link #onChunkDone}; finally exactly one of {@link #onComplete} or {@link #onFailure}
 * unless the stream was cancelled. Callbacks come one at a time and in order, never with a lock of
 * the stream held, so a listener may call back into its stream.
 */
public abstract class TtsListener {

    /** Signed 16-bit mono PCM for {@code chunk}; the array belongs to the listener afterwards. */
    public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
    }

    /**
     * Where {@code chunk}'s audio comes from, told once before its audio by engines that cache:
     * {@code cached} when it is played from the prompt cache without waiting for synthesis.
     */
    public void onChunkSource(TextChunk chunk, boolean cached) {
    }

    /** All audio of {@code chunk} has been delivered. */
    public void onChunkDone(TextChunk chunk) {
    }

    public void onComplete() {
    }

    public void onFailure(Throwable error) {
    }
}
