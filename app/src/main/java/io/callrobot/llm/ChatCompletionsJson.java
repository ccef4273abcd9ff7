package io.callrobot.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The chat-completions wire format (OpenAI API reference, "Create chat completion" and "The chat
 * completion chunk object"): the streaming request body and one streamed chunk. Knows no HTTP.
 */
final class ChatCompletionsJson {

    /** What one {@code data:} line carries; any field may be null (role-only or usage-only chunks). */
    record Delta(String content, String finishReason, LlmUsage usage) {
    }

    private final ObjectMapper mapper;

    ChatCompletionsJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code {model, messages:[{role, content}], stream:true, stream_options?, temperature,
     * max_completion_tokens|max_tokens}}.
     */
    byte[] requestBody(LlmConfig config, List<ChatMessage> messages) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", config.model());
        ArrayNode array = body.putArray("messages");
        for (ChatMessage message : messages) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("stream", true);
        if (config.streamUsage()) { // OpenAI API reference, "stream_options": a last chunk with choices [] and usage
            body.putObject("stream_options").put("include_usage", true);
        }
        body.put("temperature", config.temperature());
        // OpenAI API reference: max_tokens is deprecated and not compatible with o-series models
        body.put(config.maxTokensField(), config.maxTokens());
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode chat request", e);
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
        return new Delta(text(choice.path("delta").get("content")), text(choice.get("finish_reason")),
                usage(root.get("usage")));
    }

    /** {@code usage {prompt_tokens, completion_tokens, total_tokens}}; null when absent or null (other chunks). */
    private static LlmUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new LlmUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("total_tokens").asInt(0));
    }

    /** The {@code error.message} of an OpenAI-style error body, else the body's start. */
    String errorMessage(String body) {
        try {
            JsonNode error = mapper.readTree(body).get("error");
            if (error != null && !error.isNull()) {
                return errorMessage(error);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not JSON: fall through to the raw excerpt
        }
        return excerpt(body);
    }

    private static String errorMessage(JsonNode error) {
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
