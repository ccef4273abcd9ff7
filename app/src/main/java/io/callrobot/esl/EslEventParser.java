package io.callrobot.esl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.net.ProviderJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns frame contents into {@link EslEvent}s; knows nothing of sockets. */
public final class EslEventParser {

    private static final ObjectMapper JSON = ProviderJson.mapper();

    private EslEventParser() {
    }

    /**
     * Channel data: the {@code command/reply} answering {@code connect}, whose header block is the
     * channel's serialized event, values url-encoded (mod_event_socket.c, parse_command "connect"
     * calls switch_event_serialize with encode true).
     */
    static EslEvent channelData(EslFrame frame) {
        Map<String, String> decoded = new LinkedHashMap<>();
        frame.headers().forEach((name, value) -> decoded.put(name, urlDecode(value)));
        return new EslEvent(decoded, frame.body());
    }

    /**
     * A {@code text/event-plain} body: {@code Name: url-encoded value} lines, then optionally
     * {@code Content-Length: n}, an empty line and the event body (switch_event.c, switch_event_serialize).
     */
    public static EslEvent plain(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = 0;
        String body = "";
        boolean hasBody = false;
        while (pos < text.length()) {
            int eol = text.indexOf('\n', pos);
            int end = eol < 0 ? text.length() : eol;
            String line = text.substring(pos, end);
            pos = end + 1;
            if (line.isEmpty()) {
                if (hasBody) {
                    body = pos < text.length() ? text.substring(pos) : "";
                }
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("event header line without colon: " + line);
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).stripLeading();
            if (name.equals("Content-Length")) {
                hasBody = true;
            } else {
                headers.put(name, urlDecode(value));
            }
        }
        return new EslEvent(headers, body);
    }

    /**
     * A {@code text/event-json} body: one object of header names to strings, arrays for array
     * headers and {@code _body} for the body (switch_event.c, switch_event_serialize_json).
     * Arrays become FreeSWITCH's plain spelling {@code ARRAY::a|:b}.
     */
    public static EslEvent json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid event JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("event JSON is not an object");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String body = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("_body")) {
                body = value.asText();
            } else if (value.isArray()) {
                StringBuilder joined = new StringBuilder("ARRAY::");
                for (int i = 0; i < value.size(); i++) {
                    joined.append(i == 0 ? "" : "|:").append(value.get(i).asText());
                }
                headers.put(field.getKey(), joined.toString());
            } else if (!value.isNull()) {
                headers.put(field.getKey(), value.asText());
            }
        }
        return new EslEvent(headers, body);
    }

    /**
     * Reverses switch_url_encode: each {@code %XX} is one byte, everything else is kept (a
     * {@code +} stays a plus, unlike HTML form decoding); the bytes are UTF-8
     * (switch_utils.c, switch_url_decode).
     */
    static String urlDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi;
            int lo;
            if (in[i] == '%' && i + 2 < in.length && (hi = Character.digit(in[i + 1], 16)) >= 0
                    && (lo = Character.digit(in[i + 2], 16)) >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(in[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
