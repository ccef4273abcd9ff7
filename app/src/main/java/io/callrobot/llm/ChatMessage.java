package io.callrobot.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat-completions conversation.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    the text; null for an assistant message that only calls tools
 * @param toolCalls  the calls an assistant message made (empty otherwise)
 * @param toolCallId the call a {@code tool} message answers (null otherwise)
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (!toolCalls.isEmpty() && !role.equals("assistant")) {
            throw new IllegalArgumentException("only assistant messages carry tool calls, not " + role);
        }
        if (role.equals("tool") && toolCallId == null) {
            throw new IllegalArgumentException("a tool message needs the id of the call it answers");
        }
    }

    /** A text message. */
    public ChatMessage(String role, String content) {
        this(role, content, List.of(), null);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /**
     * What the model answered when it called tools: the text it said first (null or empty if none)
     * and its calls, to be followed by one {@link #tool} message per call.
     */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        if (toolCalls.isEmpty()) {
            throw new IllegalArgumentException("an assistant tool-call message needs at least one call");
        }
        return new ChatMessage("assistant", content == null || content.isEmpty() ? null : content, toolCalls, null);
    }

    /** The result of the call {@code toolCallId}, e.g. a JSON object or an error text. */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", Objects.requireNonNull(content, "tool result"), List.of(), toolCallId);
    }
}
