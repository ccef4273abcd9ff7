package io.callrobot.tts;

/**
 * Passes every callback on to another listener. Decorating engines extend it and override only the
 * callbacks they change, so a callback added to {@link TtsListener} later still reaches the call.
 */
public abstract class ForwardingTtsListener extends TtsListener {

    private final TtsListener listener;

    protected ForwardingTtsListener(TtsListener listener) {
        this.listener = listener;
    }

    /** The listener callbacks go on to. */
    protected final TtsListener next() {
        return listener;
    }

    @Override
    public void onChunkSource(TextChunk chunk, boolean cached) {
        listener.onChunkSource(chunk, cached);
    }

    @Override
    public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
        listener.onAudio(chunk, pcm, sampleRate);
    }

    @Override
    public void onChunkDone(TextChunk chunk) {
        listener.onChunkDone(chunk);
    }

    @Override
    public void onComplete() {
        listener.onComplete();
    }

    @Override
    public void onFailure(Throwable error) {
        listener.onFailure(error);
    }
}
