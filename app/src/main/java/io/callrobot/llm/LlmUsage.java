package io.callrobot.llm;

/**
 * Tokens one answer cost, as the server counted them (OpenAI API reference, "The chat completion
 * chunk object": {@code usage {prompt_tokens, completion_tokens, total_tokens}}).
 */
public record LlmUsage(int promptTokens, int completionTokens, int totalTokens) {

    /** Two answers of one turn together. */
    public LlmUsage plus(LlmUsage other) {
        return new LlmUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens);
    }
}
