package io.callrobot.llm;

/** An answer being streamed. */
public interface LlmCall {

    /**
     * Stops the stream now (barge-in, hangup); idempotent. No terminal callback follows; a token
     * already being delivered when this is called may still arrive, so listeners ignore what comes
     * after their own cancel.
     */
    void cancel();
}
