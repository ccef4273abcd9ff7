package io.callrobot.esl;

import java.util.LinkedHashMap;
import java.util.Map;

/** One command to FreeSWITCH, its lines without the terminating empty line. */
public record EslCommand(String text) {

    public EslCommand {
        if (text.isBlank() || text.contains("\n\n") || text.endsWith("\n")) {
            throw new IllegalArgumentException("an ESL command is non-empty and has no empty line: " + text);
        }
    }

    /** A single-line command such as {@code myevents json}. */
    public static EslCommand plain(String command) {
        requireSingleLine(command);
        return new EslCommand(command);
    }

    /**
     * A command line followed by one {@code name: value} line per header: read_packet turns every
     * line after the first into a header of the command's event (mod_event_socket.c, read_packet).
     */
    public static EslCommand withHeaders(String command, Map<String, String> headers) {
        requireSingleLine(command);
        StringBuilder text = new StringBuilder(command);
        headers.forEach((name, value) -> {
            requireSingleLine(name);
            requireSingleLine(value);
            text.append('\n').append(name).append(": ").append(value);
        });
        return new EslCommand(text.toString());
    }

    /** {@code sendmsg} then one {@code name: value} line per header (mod_event_socket.c, parse_command "sendmsg"). */
    static EslCommand sendmsg(Map<String, String> headers) {
        return withHeaders("sendmsg", headers);
    }

    /** {@code call-command: execute} with {@code execute-app-name} / {@code execute-app-arg} (switch_ivr.c, switch_ivr_parse_event, CMD_EXECUTE). */
    static EslCommand execute(String application, String argument) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("call-command", "execute");
        headers.put("execute-app-name", application);
        if (argument != null && !argument.isEmpty()) {
            headers.put("execute-app-arg", argument);
        }
        return sendmsg(headers);
    }

    /** {@code call-command: hangup} with {@code hangup-cause} (switch_ivr.c, switch_ivr_parse_event, CMD_HANGUP). */
    static EslCommand hangup(String cause) {
        return sendmsg(Map.of("call-command", "hangup", "hangup-cause", cause));
    }

    private static void requireSingleLine(String part) {
        if (part == null || part.isEmpty() || part.indexOf('\n') >= 0 || part.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("ESL command part must be one non-empty line: " + part);
        }
    }
}
