package io.callrobot.asr;

/**
 * Receives recognition results. After {@link #onClosed} or {@link #onFailure} no further calls arrive.
 * Callbacks run on the provider's thread and must not block.
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
