package io.callrobot.dialog;

import io.callrobot.llm.LlmUsage;

/**
 * Receives one reply as it is produced: {@link #begin} once, {@link #text} zero or more times
 * (whole prompts or LLM tokens), then {@link #end} exactly once. Every call comes on the call's
 * thread and must not block.
 */
public interface ReplySink {

    void begin(ReplyOptions options);

    /** Text to speak, appended to what came before. */
    void text(String delta);

    /** The reply is complete; {@code next} says what happens after it has been played. */
    void end(NextStep next);

    /**
     * The reply is not what was planned, e.g. the LLM sent no token in time and the fallback is
     * spoken instead; for the call record. Failures the providers report themselves do not come here.
     */
    default void degraded(String why) {
    }

    /**
     * Press {@code digits} (0-9, *, #, A-D) on the call now, e.g. the model navigating a phone menu;
     * the reply goes on.
     */
    default void sendDtmf(String digits) {
    }

    /** The reply waits on a language model from {@code nanoTime} on ({@code llm_request}). */
    default void llmRequested(long nanoTime) {
    }

    /** The model's first token reached the robot at {@code nanoTime} ({@code llm_first_token}). */
    default void llmFirstToken(long nanoTime) {
    }

    /** What the language model's answer for this reply cost, as its server counted it. */
    default void llmUsage(LlmUsage usage) {
    }
}
