package io.callrobot.nls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.net.ProviderJson;
import java.util.UUID;

/**
 * The NLS websocket envelope as text, apart from any socket: commands are JSON text frames
 * {@code {"header": {...}, "payload": {...}}}, events come back in the same shape
 * (help.aliyun.com isi "WebSocket protocol", sections "Commands" and "Events").
 */
public final class NlsProtocol {

    /** header.status of a successful event (help.aliyun.com isi "WebSocket protocol": 20000000). */
    public static final int SUCCESS = 20000000;

    /** One server event; {@code payload} is an empty object when the event carried none. */
    public record Event(String namespace, String name, int status, String statusText, String taskId, JsonNode payload) {

        /** payload.{@code field} as text, or "" when absent. */
        public String text(String field) {
            return payload.path(field).asText("");
        }
    }

    private final ObjectMapper json = ProviderJson.mapper();
    private final String appKey;

    public NlsProtocol(String appKey) {
        this.appKey = appKey;
    }

    /** A fresh message or task id: header.message_id and header.task_id are 32-character hex ids (same doc, "Header"). */
    public static String newId() {
        UUID id = UUID.randomUUID();
        return hex(id.getMostSignificantBits()) + hex(id.getLeastSignificantBits());
    }

    private static String hex(long bits) {
        String digits = Long.toHexString(bits);
        return "0".repeat(16 - digits.length()) + digits;
    }

    /** An empty payload to fill. */
    public ObjectNode payload() {
        return json.createObjectNode();
    }

    /**
     * A command: header {message_id, task_id, namespace, name, appkey} and the payload, if any
     * (alibabacloud-nls-python-sdk nls/_speech_transcriber.py and nls/stream_input_tts.py build the same header).
     */
    public String command(String namespace, String name, String taskId, ObjectNode payload) {
        ObjectNode message = json.createObjectNode();
        ObjectNode header = message.putObject("header");
        header.put("message_id", newId());
        header.put("task_id", taskId);
        header.put("namespace", namespace);
        header.put("name", name);
        header.put("appkey", appKey);
        if (payload != null) {
            message.set("payload", payload);
        }
        return message.toString();
    }

    /**
     * Parses an event: header {namespace, name, status, status_text, message_id, task_id}, payload.
     *
     * @throws IllegalArgumentException if it is not a JSON object with a header name
     */
    public Event parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(text), e);
        }
        if (node == null || !node.isObject() || !node.path("header").path("name").isTextual()) {
            throw new IllegalArgumentException("not an NLS event: " + abbreviate(text));
        }
        JsonNode header = node.get("header");
        JsonNode payload = node.path("payload");
        return new Event(header.path("namespace").asText(""), header.get("name").asText(),
                header.path("status").asInt(0), header.path("status_text").asText(""),
                header.path("task_id").asText(""), payload.isObject() ? payload : json.createObjectNode());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
