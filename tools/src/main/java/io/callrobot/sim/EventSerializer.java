package io.callrobot.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes events and replies in FreeSWITCH's wire format. */
final class EventSerializer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    // Characters switch_url_encode escapes besides controls and non-ASCII (switch_utils.h, SWITCH_URL_UNSAFE).
    private static final String URL_UNSAFE = "\r\n #%&+:;<=>?@[\\]^`{|}\"";

    private EventSerializer() {
    }

    /** {@code Name: url-encoded value} lines and the empty line (switch_event.c, switch_event_serialize with encode). */
    static String serializePlain(Map<String, String> headers) {
        return serializePlain(headers, "");
    }

    /**
     * The header lines, then for a non-empty event body {@code Content-Length: n}, an empty line and
     * the body, else just the empty line (switch_event.c, switch_event_serialize).
     */
    static String serializePlain(Map<String, String> headers, String eventBody) {
        StringBuilder out = new StringBuilder(headers.size() * 40 + eventBody.length());
        headers.forEach((name, value) -> {
            String encoded = urlEncode(value);
            out.append(name).append(": ").append(encoded.isEmpty() ? "_undef_" : encoded).append('\n');
        });
        if (eventBody.isEmpty()) {
            return out.append('\n').toString();
        }
        return out.append("Content-Length: ").append(eventBody.getBytes(StandardCharsets.UTF_8).length).append("\n\n")
                .append(eventBody).toString();
    }

    /** One event frame: {@code Content-Length}, {@code Content-Type: text/event-plain|json}, body (mod_event_socket.c, listener_run). */
    static byte[] eventFrame(Map<String, String> headers, boolean json) {
        return eventFrame(headers, "", json);
    }

    /** An event frame for an event with a body of its own, e.g. BACKGROUND_JOB's output; JSON puts it in {@code _body}. */
    static byte[] eventFrame(Map<String, String> headers, String eventBody, boolean json) {
        String body;
        if (json) {
            Map<String, String> fields = new LinkedHashMap<>(headers);
            if (!eventBody.isEmpty()) {
                fields.put("_body", eventBody); // switch_event.c, switch_event_serialize_json
            }
            try {
                body = JSON.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            body = serializePlain(headers, eventBody);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "Content-Length: " + bytes.length + "\nContent-Type: text/event-" + (json ? "json" : "plain") + "\n\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** {@code Content-Type: command/reply} with {@code Reply-Text} (mod_event_socket.c, listener_run). */
    static byte[] commandReply(String replyText) {
        return ("Content-Type: command/reply\nReply-Text: " + replyText + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Content-Type: api/response} with the output as body (mod_event_socket.c, api_exec). */
    static byte[] apiResponse(String output) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return concat(("Content-Type: api/response\nContent-Length: " + bytes.length + "\n\n").getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** The final notice before FreeSWITCH closes a session's socket (mod_event_socket.c, send_disconnect). */
    static byte[] disconnectNotice(String uuid) {
        byte[] message = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n".getBytes(StandardCharsets.UTF_8);
        String head = "Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + uuid
                + "\nContent-Disposition: disconnect\nContent-Length: " + message.length + "\n\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), message);
    }

    /** The notice before FreeSWITCH closes an inbound client's socket, which has no session (mod_event_socket.c, send_disconnect). */
    static byte[] disconnectNotice() {
        byte[] message = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n".getBytes(StandardCharsets.UTF_8);
        return concat(("Content-Type: text/disconnect-notice\nContent-Length: " + message.length + "\n\n")
                .getBytes(StandardCharsets.UTF_8), message);
    }

    /** Sent when the channel goes down while lingering (mod_event_socket.c, check_queue). */
    static byte[] lingerNotice(String uuid, String channelName, int lingerSeconds) {
        return ("Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + uuid
                + "\nContent-Disposition: linger\nChannel-Name: " + channelName + "\nLinger-Time: " + lingerSeconds
                + "\nContent-Length: 0\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** switch_url_encode: escape controls, non-ASCII bytes and SWITCH_URL_UNSAFE as %XX, keep valid %XX (switch_utils.c). */
    static String urlEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean keptEscape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (!keptEscape && (b < ' ' || b > '~' || URL_UNSAFE.indexOf(b) >= 0)) {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0x0F]);
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F'); // upper case only, like switch_url_encode_opt's hex table
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
