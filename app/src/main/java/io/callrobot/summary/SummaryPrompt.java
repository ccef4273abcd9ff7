package io.callrobot.summary;

/**
 * What a flow asks the LLM for after each of its calls (the flow's {@code summary:} block).
 *
 * @param prompt    the instruction, e.g. {@code 用一句话总结通话，并给出客户意向：高/中/低}
 * @param maxTokens the answer's length limit, null for {@code llm.maxTokens}
 * @param json      ask for a JSON object as the answer
 */
public record SummaryPrompt(String prompt, Integer maxTokens, boolean json) {

    public SummaryPrompt {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("summary.prompt must not be empty");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("summary.maxTokens must be positive: " + maxTokens);
        }
    }
}
