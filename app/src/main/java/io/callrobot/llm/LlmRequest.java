package io.callrobot.llm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A streaming chat-completions request.
 *
 * @param tools      the functions the model may call; empty for a plain answer
 * @param toolChoice how the model must use them; null leaves it to the server (auto when tools are sent)
 * @param maxTokens  this answer's length limit, null for {@code llm.maxTokens}
 * @param jsonObject ask for a JSON object as the answer ({@code response_format: {type: json_object}})
 */
public record LlmRequest(String callId, List<ChatMessage> messages, List<ToolDefinition> tools,
                         ToolChoice toolChoice, Integer maxTokens, boolean jsonObject) {

    public LlmRequest {
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        Set<String> names = new HashSet<>();
        for (ToolDefinition tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("tool " + tool.name() + " is defined twice");
            }
        }
        if (toolChoice != null && tools.isEmpty()) {
            throw new IllegalArgumentException("tool_choice " + toolChoice.mode() + " given without tools");
        }
        if (toolChoice != null && toolChoice.function() != null && !names.contains(toolChoice.function())) {
            throw new IllegalArgumentException("tool_choice names " + toolChoice.function()
                    + ", which is not among the tools " + names);
        }
    }

    /** A request answered in text of {@code llm.maxTokens} at most. */
    public LlmRequest(String callId, List<ChatMessage> messages, List<ToolDefinition> tools, ToolChoice toolChoice) {
        this(callId, messages, tools, toolChoice, null, false);
    }

    /** A request without tools. */
    public LlmRequest(String callId, List<ChatMessage> messages) {
        this(callId, messages, List.of(), null);
    }

    /** The same request with another length limit and answer format. */
    public LlmRequest withAnswer(Integer otherMaxTokens, boolean otherJsonObject) {
        return new LlmRequest(callId, messages, tools, toolChoice, otherMaxTokens, otherJsonObject);
    }
}
