package io.callrobot.asr;

/** One call's live recognition session. Implementations never block the caller of {@link #send}. */
public interface AsrStream {

    /** Queues caller audio, signed 16-bit mono at the request's sample rate. The array may be reused after return. */
    void send(short[] pcm, int offset, int length);

    /**
     * The call's VAD confirmed speech, on the thread that calls {@link #send}; the audio that made
     * it sure was already sent. Providers that transcribe whole utterances start one here.
     */
    default void speechStarted() {
    }

    /** The call's VAD heard the speech end (after its minimum silence), on the thread that calls {@link #send}. */
    default void speechEnded() {
    }

    /** No more audio: the provider may flush its last result, then the listener is closed. */
    void finish();

    /**
     * Drops the session now; idempotent. No terminal callback follows; a callback already under way
     * when this is called from another thread may still arrive, so listeners ignore what comes after
     * their own cancel.
     */
    void cancel();
}
