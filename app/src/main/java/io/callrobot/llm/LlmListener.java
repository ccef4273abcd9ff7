package io.callrobot.llm;

import java.util.List;

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

    /**
     * The functions the model asked to call in this answer, assembled from the streamed fragments;
     * at most once, just before {@link #onComplete}, after every token. A call whose arguments are
     * not a JSON object is delivered with its {@link ToolCall#error}. Not called when the stream
     * fails: a half-streamed call is never delivered.
     */
    public void onToolCalls(List<ToolCall> calls) {
    }

    public void onComplete() {
    }

    public void onFailure(Throwable error) {
    }
}
