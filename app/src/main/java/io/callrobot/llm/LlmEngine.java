package io.callrobot.llm;

/** A language-model provider that streams its answer token by token. */
public interface LlmEngine {

    /** Starts streaming; tokens and the single terminal callback go to {@code listener}. */
    LlmCall stream(LlmRequest request, LlmListener listener);
}
