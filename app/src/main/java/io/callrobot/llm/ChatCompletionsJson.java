package io.callrobot.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chat-completions wire format (OpenAI API reference, "Create chat completion" and "The chat
 * completion chunk object"): the streaming request body and one streamed chunk. Knows no HTTP.
 */
final class ChatCompletionsJson {

    /**
     * What one {@code data:} line carries; any field may be null (role-only or usage-only chunks),
     * {@code toolCalls} is empty when the chunk has none.
     */
    record Delta(String content, String finishReason, LlmUsage usage, List<ToolCallAssembler.Fragment> toolCalls) {
    }

    private final ObjectMapper mapper;

    ChatCompletionsJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code {model, messages:[{role, content, tool_calls?, tool_call_id?}], tools?, tool_choice?,
     * stream:true, stream_options?, temperature, max_completion_tokens|max_tokens, response_format?}}; tools only when
     * the request has some and {@code llm.tools} is not {@code off}.
     */
    byte[] requestBody(LlmConfig config, LlmRequest request) {
        return requestBody(config, request, sendsTools(config, request));
    }

    /** The same, sending the request's tools only when {@code withTools}. */
    byte[] requestBody(LlmConfig config, LlmRequest request, boolean withTools) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", config.model());
        ArrayNode array = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            message(array.addObject(), message);
        }
        if (withTools && !request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                // OpenAI API reference, chat/create, "tools": [{type: "function", function: {name, description, parameters}}]
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                if (tool.parameters() != null) {
                    function.set("parameters", tool.parameters());
                }
            }
            ToolChoice choice = request.toolChoice();
            if (choice != null && choice.function() != null) {
                // OpenAI API reference, chat/create, "tool_choice": {type: "function", function: {name}} forces one function
                body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.function());
            } else if (choice != null) {
                body.put("tool_choice", choice.mode()); // "none" | "auto" | "required"
            }
        }
        body.put("stream", true);
        if (config.streamUsage()) { // OpenAI API reference, "stream_options": a last chunk with choices [] and usage
            body.putObject("stream_options").put("include_usage", true);
        }
        body.put("temperature", config.temperature());
        // OpenAI API reference: max_tokens is deprecated and not compatible with o-series models
        body.put(config.maxTokensField(), request.maxTokens() != null ? request.maxTokens() : config.maxTokens());
        if (request.jsonObject()) {
            // OpenAI API reference, chat/create, "response_format": {type: "json_object"} is JSON mode
            body.putObject("response_format").put("type", "json_object");
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode chat request", e);
        }
    }

    /** A fresh assembler for one streamed answer's tool calls. */
    ToolCallAssembler toolCallAssembler() {
        return new ToolCallAssembler(mapper);
    }

    /** Whether {@link #requestBody} sends {@code tools} for this request. */
    static boolean sendsTools(LlmConfig config, LlmRequest request) {
        return config.toolsEnabled() && !request.tools().isEmpty();
    }

    private static void message(ObjectNode out, ChatMessage message) {
        out.put("role", message.role());
        if (message.content() == null) {
            // OpenAI API reference, chat/create, assistant message: content "Required unless tool_calls is specified"
            out.putNull("content");
        } else {
            out.put("content", message.content());
        }
        if (!message.toolCalls().isEmpty()) {
            // OpenAI API reference, chat/create, assistant message "tool_calls": [{id, type: "function", function: {name, arguments}}]
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode function = calls.addObject().put("id", call.id()).put("type", "function")
                        .putObject("function");
                function.put("name", call.name());
                // arguments is a JSON string; a call streamed without any is sent back as the empty object
                function.put("arguments", call.arguments().isBlank() ? "{}" : call.arguments());
            }
        }
        if (message.toolCallId() != null) {
            out.put("tool_call_id", message.toolCallId()); // OpenAI API reference, chat/create, tool message
        }
    }

    /**
     * Parses one chunk: text is {@code choices[0].delta.content}, the end reason
     * {@code choices[0].finish_reason}; a chunk with {@code choices: []} carries only usage
     * (sent when {@code stream_options.include_usage} is set).
     *
     * @throws IllegalArgumentException if the line is not JSON, or is an error object
     *                                  ({@code {"error": {"message": ...}}}, sent mid-stream by vLLM and others)
     */
    Delta parseChunk(String data) {
        JsonNode root;
        try {
            root = mapper.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON in SSE data line: " + excerpt(data), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("SSE data line is not a JSON object: " + excerpt(data));
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw new IllegalArgumentException("server sent an error in the stream: " + errorMessage(error));
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        return new Delta(text(delta.get("content")), text(choice.get("finish_reason")),
                usage(root.get("usage")), toolCalls(delta.get("tool_calls")));
    }

    /**
     * {@code delta.tool_calls: [{index, id?, type?, function: {name?, arguments?}}]} (OpenAI API
     * reference, "The chat completion chunk object", streaming "delta.tool_calls").
     */
    private static List<ToolCallAssembler.Fragment> toolCalls(JsonNode toolCalls) {
        if (toolCalls == null || !toolCalls.isArray() || toolCalls.isEmpty()) {
            return List.of();
        }
        List<ToolCallAssembler.Fragment> fragments = new ArrayList<>(toolCalls.size());
        for (JsonNode call : toolCalls) {
            JsonNode index = call.get("index");
            JsonNode function = call.path("function");
            fragments.add(new ToolCallAssembler.Fragment(index != null && index.canConvertToInt() ? index.asInt() : null,
                    text(call.get("id")), text(function.get("name")), text(function.get("arguments"))));
        }
        return fragments;
    }

    /**
     * Whether an HTTP 400 body says the model or server cannot call tools: vLLM without
     * {@code --enable-auto-tool-choice} ({@code "auto" tool choice requires --enable-auto-tool-choice
     * and --tool-call-parser to be set}), Ollama's {@code <model> does not support tools}.
     */
    static boolean saysToolsUnsupported(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        return lower.contains("does not support tool") || lower.contains("enable-auto-tool-choice")
                || lower.contains("tool-call-parser") || lower.contains("tools are not supported");
    }

    /** {@code usage {prompt_tokens, completion_tokens, total_tokens}}; null when absent or null (other chunks). */
    private static LlmUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new LlmUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("total_tokens").asInt(0));
    }

    /**
     * The {@code error.message} of an OpenAI-style error body, the top-level {@code message} of
     * older vLLM's {@code {"object": "error", "message": ...}}, else the body's start.
     */
    String errorMessage(String body) {
        try {
            JsonNode root = mapper.readTree(body);
            JsonNode error = root.get("error");
            if (error != null && !error.isNull()) {
                return errorMessage(error);
            }
            if (root.path("message").isTextual()) {
                return excerpt(root.get("message").asText());
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not JSON: fall through to the raw excerpt
        }
        return excerpt(body);
    }

    private static String errorMessage(JsonNode error) {
        if (error.isTextual()) { // Ollama's native form: {"error": "<text>"}
            return excerpt(error.asText());
        }
        JsonNode message = error.get("message");
        return excerpt(message != null && message.isTextual() ? message.asText() : error.toString());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static String excerpt(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
