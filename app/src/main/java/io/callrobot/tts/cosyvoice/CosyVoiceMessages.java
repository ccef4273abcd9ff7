package io.callrobot.tts.cosyvoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.net.ProviderJson;
import io.callrobot.tts.TtsRequest;

/**
 * The JSON text frames of DashScope's CosyVoice duplex websocket protocol (documents "CosyVoice
 * client events" and "CosyVoice server-side events"); knows nothing of sockets.
 */
final class CosyVoiceMessages {

    /** A server event: {@code header.event} with the fields CallRobot uses; absent ones are null. */
    record Event(String event, String taskId, String outputType, String originalText, String errorCode,
                 String errorMessage) {
    }

    private final ObjectMapper mapper = ProviderJson.mapper();

    /** run-task: header {action, task_id, streaming: duplex}; payload {task_group, task, function, model, parameters, input: {}}. */
    String runTask(String taskId, CosyVoiceConfig config, TtsRequest request) {
        ObjectNode root = mapper.createObjectNode();
        header(root, "run-task", taskId);
        ObjectNode payload = root.putObject("payload");
        payload.put("task_group", "audio");
        payload.put("task", "tts");
        payload.put("function", "SpeechSynthesizer");
        payload.put("model", config.model());
        ObjectNode parameters = payload.putObject("parameters");
        parameters.put("text_type", "PlainText");
        parameters.put("voice", request.voice() != null ? request.voice() : config.voice());
        // pcm: raw 16-bit mono samples in binary frames (client events, parameters.format)
        parameters.put("format", "pcm");
        parameters.put("sample_rate", config.sampleRate());
        parameters.put("volume", config.volume());
        parameters.put("rate", rate(request.speed()));
        parameters.put("pitch", config.pitch());
        if (request.emotion() != null && !request.emotion().isBlank() && !config.instruction().isBlank()) {
            // instruction: style prompt for voices that take one (DashScope SDK tts_v2 SpeechSynthesizer, client events)
            parameters.put("instruction", config.instruction().replace("{emotion}", request.emotion().strip()));
        }
        payload.putObject("input");
        return write(root);
    }

    /** continue-task: payload {input: {text}}; the server re-splits the joined text into sentences. */
    String continueTask(String taskId, String text) {
        ObjectNode root = mapper.createObjectNode();
        header(root, "continue-task", taskId);
        root.putObject("payload").putObject("input").put("text", text);
        return write(root);
    }

    /** finish-task: payload {input: {}}; the server synthesises what it buffered, then sends task-finished. */
    String finishTask(String taskId) {
        ObjectNode root = mapper.createObjectNode();
        header(root, "finish-task", taskId);
        root.putObject("payload").putObject("input");
        return write(root);
    }

    /** Parses a server text frame. */
    Event parse(String json) throws JsonProcessingException {
        JsonNode root = mapper.readTree(json);
        JsonNode header = root.path("header");
        JsonNode output = root.path("payload").path("output");
        // task-failed carries header.error_code and header.error_message (server-side events)
        return new Event(text(header, "event"), text(header, "task_id"), text(output, "type"),
                text(output, "original_text"), text(header, "error_code"), text(header, "error_message"));
    }

    /** rate: speech rate 0.5..2 (client events, parameters.rate); 0 or less means the default 1.0. */
    static double rate(double speed) {
        return speed > 0 ? Math.max(0.5, Math.min(2.0, speed)) : 1.0;
    }

    private static void header(ObjectNode root, String action, String taskId) {
        ObjectNode header = root.putObject("header");
        header.put("action", action);
        header.put("task_id", taskId);
        header.put("streaming", "duplex");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a CosyVoice command", e);
        }
    }
}
