package io.callrobot.sim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command the robot sent: its first line (e.g. {@code sendmsg}, {@code api uuid_kill x}),
 * the {@code name: value} lines after it and an optional {@code Content-Length} body
 * (mod_event_socket.c, read_packet). Header lookup ignores case, like switch_event_get_header.
 */
public record SimCommand(String command, Map<String, String> headers, String body, long receivedNanos) {

    public SimCommand {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
    }

    /** A header value, case-insensitively; null if absent. */
    public String header(String name) {
        return headers.get(name);
    }
}
