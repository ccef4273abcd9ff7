package io.callrobot.llm;

/**
 * Receives a streamed answer. Exactly one of {@link #onComplete} or {@link #onFailure} ends it,
 * unless the call was cancelled. Callbacks must not block.
 */
public abstract class LlmListener {

    /** A piece of the answer's text (an SSE delta), in order. */
    public void onToken(String text) {
    }

    /** What the answer cost, from the stream's usage chunk; at most once, before {@link #onComplete}. */
    public void onUsage(LlmUsage usage) {
    }

    public void onComplete() {
    }

    public void onFailure(Throwable error) {
    }
}
