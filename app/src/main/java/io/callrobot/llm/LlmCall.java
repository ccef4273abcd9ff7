package io.callrobot.llm;

/** An answer being streamed. */
public interface LlmCall {

    /** Stops the stream now (barge-in, hangup); idempotent; the listener hears nothing more. */
    void cancel();
}
