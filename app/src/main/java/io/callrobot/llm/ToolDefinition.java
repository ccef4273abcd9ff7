package io.callrobot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call, sent in the request's {@code tools} as
 * {@code {type: "function", function: {name, description, parameters}}} (OpenAI API reference,
 * chat/create, "tools").
 *
 * @param name        what the model calls it by: letters, digits, underscores and dashes, at most 64
 * @param description what it does and when to call it; the model chooses by this text
 * @param parameters  a JSON Schema object describing the arguments; null for a function without any
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {

    // OpenAI API reference, chat/create, tools.function.name: "a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64"
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolDefinition {
        Objects.requireNonNull(name, "tool name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must be 1-64 letters, digits, '_' or '-': '" + name + "'");
        }
        if (parameters != null && !parameters.isObject()) {
            throw new IllegalArgumentException("parameters of tool " + name + " must be a JSON Schema object, got "
                    + parameters.getNodeType());
        }
    }
}
