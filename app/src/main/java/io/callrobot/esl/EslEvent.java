package io.callrobot.esl;

import java.util.Map;

/**
 * A FreeSWITCH event or the channel data sent on {@code connect}: headers already URL-decoded
 * (FreeSWITCH url-encodes plain event headers; mod_event_socket.c, switch_event_serialize).
 */
public record EslEvent(Map<String, String> headers, String body) {

    public EslEvent {
        headers = Map.copyOf(headers);
    }

    /** The {@code Event-Name} header, e.g. {@code CHANNEL_HANGUP}; null for channel data. */
    public String name() {
        return headers.get("Event-Name");
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** A channel variable, i.e. the {@code variable_<name>} header. */
    public String variable(String name) {
        return headers.get("variable_" + name);
    }

    /** The channel's {@code Unique-ID}. */
    public String uniqueId() {
        return headers.get("Unique-ID");
    }
}
