package io.callrobot.asr;

/**
 * Receives recognition results. After {@link #onClosed} or {@link #onFailure} no further calls arrive.
 * Callbacks run on the provider's thread, one at a time and in order, never with a lock of the stream
 * held, so a listener may call back into its stream; they must not block.
 */
public abstract class AsrListener {

    /** A provisional transcript of the utterance in progress. */
    public void onPartial(String text) {
    }

    /** A final transcript of one utterance (a sentence the provider has settled). */
    public void onFinal(String text) {
    }

    public void onClosed() {
    }

    public void onFailure(Throwable error) {
    }
}
