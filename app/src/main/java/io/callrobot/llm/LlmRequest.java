package io.callrobot.llm;

import java.util.List;

/** A streaming chat-completions request. */
public record LlmRequest(String callId, List<ChatMessage> messages) {
    public LlmRequest {
        messages = List.copyOf(messages);
    }
}
