package io.callrobot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function call the model asked for, assembled from the streamed {@code delta.tool_calls}
 * fragments (OpenAI API reference, "The chat completion chunk object", "tool_calls"). A call that
 * cannot run as given still arrives, with {@link #error} saying why, so the dialog can answer the
 * model with an error tool result.
 *
 * @param id        the id a {@link ChatMessage#tool tool message} answers with
 * @param name      the function's name; null if the server never sent one
 * @param arguments the arguments exactly as streamed (JSON text, possibly malformed)
 * @param parsed    the arguments as a JSON object; null when {@code error} is set
 * @param error     null, or why the call is unusable (no name, arguments not a JSON object)
 */
public record ToolCall(String id, String name, String arguments, JsonNode parsed, String error) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** True when the call names a function and its arguments parsed to a JSON object. */
    public boolean valid() {
        return error == null;
    }
}
