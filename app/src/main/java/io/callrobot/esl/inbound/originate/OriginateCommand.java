package io.callrobot.esl.inbound.originate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds {@code originate {var=value,...}DIALSTRING &socket('HOST:PORT async full')}, the api
 * command that rings a number and, once it answers, hands the call to the robot's outbound socket.
 *
 * <p>A value in the {@code {}} block is taken apart three times by FreeSWITCH, and each time
 * switch_utils.c, cleanup_separated_string removes one level of {@code \} escapes ({@code \'},
 * {@code \"}, {@code \\}, {@code \}+delimiter, {@code \n \r \t \s}) and unescaped single quotes:
 * <ol>
 *   <li>mod_commands.c, originate_function splits the whole argument at spaces outside single
 *       quotes (switch_separate_string with ' ', separate_string_blank_delim);</li>
 *   <li>switch_event.c, switch_event_create_brackets splits the block at {@code ,} (separate_string_char_delim);</li>
 *   <li>and each {@code name=value} at its first {@code =}, leaving the value to a last cleanup that
 *       also drops spaces at its ends.</li>
 * </ol>
 * So a value is escaped for the last step first: {@code \} and {@code '} escaped, spaces at its
 * ends written {@code \s}; then for the comma split: {@code \}, {@code '} and {@code ,} escaped;
 * then for the argument split: {@code '} escaped, a {@code \} doubled where it would otherwise
 * start an escape, and the value single-quoted if it holds a space. Plain values ({@code 张三},
 * {@code 1280.50}) pass as they are; {@code a,b} becomes {@code a\,b}, {@code a b} becomes {@code 'a b'}.
 *
 * <p>What cannot pass is refused: <code>{</code> and <code>}</code> (switch_find_end_paren counts them
 * without regard to escapes, so they end the block; this also keeps out {@code ${...}}, which
 * switch_channel.c, switch_channel_set_variable_var_check would refuse), {@code :_:}
 * (switch_ivr_originate.c treats the whole argument as an enterprise originate), and control
 * characters (the command is one line: mod_event_socket.c, read_packet).
 */
public final class OriginateCommand {

    private static final Pattern SOCKET_ADDRESS = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]+:[0-9]{1,5}");
    /** Characters that start an escape after a backslash in cleanup_separated_string with no delimiter. */
    private static final String ARGUMENT_ESCAPES = "'\"\\nrts";

    private OriginateCommand() {
    }

    /**
     * The command for {@code request}, to run with {@code bgapi}.
     *
     * @param socketAddress where FreeSWITCH's socket application reaches the robot, {@code host:port}
     * @throws IllegalArgumentException if the socket address has characters a dial plan argument cannot carry
     */
    public static String build(OriginateRequest request, String socketAddress) {
        checkSocketAddress(socketAddress);
        Map<String, String> variables = new LinkedHashMap<>();
        // switch_core_session.c, switch_core_session_outgoing_channel: origination_uuid becomes the new leg's uuid
        variables.put("origination_uuid", request.uuid());
        if (request.callerIdNumber() != null) {
            // switch_ivr_originate.c reads origination_caller_id_number from the variable block
            variables.put("origination_caller_id_number", request.callerIdNumber());
        }
        // switch_ivr_originate.c: originate_timeout bounds the ringing (atoi, seconds)
        variables.put("originate_timeout", Long.toString(request.ringTimeoutSeconds()));
        // switch_ivr_originate.c: without it early media (a carrier's 空号 or 已关机 announcement) counts as
        // answered (early_ok) and the robot would talk to a recording
        variables.put("ignore_early_media", "true");
        if (request.flow() != null && !request.flow().isEmpty()) {
            variables.put("robot_flow", request.flow());
        }
        variables.put("callrobot_campaign_id", request.campaignId());
        variables.put("callrobot_contact_id", request.contactId());
        if (request.record() != null) {
            variables.put("callrobot_record", request.record().toString());
        }
        request.variables().forEach((name, value) -> {
            if (!value.isEmpty()) {
                variables.put(name, value);
            }
        });
        StringBuilder command = new StringBuilder(256).append("originate {");
        boolean first = true;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (!first) {
                command.append(',');
            }
            first = false;
            command.append(variable.getKey()).append('=').append(escapeValue(variable.getValue()));
        }
        // mod_commands.c, originate_function: an extension "&app(args)" runs that application on the answered leg;
        // mod_event_socket.c, socket_function: "host:port async full"
        command.append('}').append(request.expandedDialString())
                .append(" &socket('").append(socketAddress).append(" async full')");
        return command.toString();
    }

    /** @throws IllegalArgumentException if {@code socketAddress} is not {@code host:port} without spaces or quotes */
    static void checkSocketAddress(String socketAddress) {
        if (socketAddress == null || !SOCKET_ADDRESS.matcher(socketAddress).matches()) {
            throw new IllegalArgumentException("socket address '" + socketAddress + "' is not host:port");
        }
    }

    /** A value as it must be written in the {@code {}} block so FreeSWITCH sets exactly it; see the class comment. */
    static String escapeValue(String value) {
        int lead = 0;
        while (lead < value.length() && value.charAt(lead) == ' ') {
            lead++;
        }
        int trail = value.length();
        while (trail > lead && value.charAt(trail - 1) == ' ') {
            trail--;
        }
        StringBuilder forValue = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' && (i < lead || i >= trail)) {
                forValue.append("\\s"); // cleanup_separated_string skips leading spaces and drops trailing ones
            } else if (c == '\\' || c == '\'') {
                forValue.append('\\').append(c);
            } else {
                forValue.append(c);
            }
        }
        StringBuilder forBlock = new StringBuilder(forValue.length() + 8);
        for (int i = 0; i < forValue.length(); i++) {
            char c = forValue.charAt(i);
            if (c == '\\' || c == '\'' || c == ',') {
                forBlock.append('\\');
            }
            forBlock.append(c);
        }
        StringBuilder forArgument = new StringBuilder(forBlock.length() + 8);
        boolean quoted = forBlock.indexOf(" ") >= 0;
        if (quoted) {
            forArgument.append('\'');
        }
        for (int i = 0; i < forBlock.length(); i++) {
            char c = forBlock.charAt(i);
            // what follows the value: its closing quote, or the block's next ',' or closing '}'
            char next = i + 1 < forBlock.length() ? forBlock.charAt(i + 1) : quoted ? '\'' : '}';
            if (c == '\'') {
                forArgument.append("\\'");
            } else if (c == '\\' && ARGUMENT_ESCAPES.indexOf(next) >= 0) {
                forArgument.append("\\\\");
            } else {
                forArgument.append(c); // a backslash before anything else is kept as it is (e.g. \, stays \,)
            }
        }
        if (quoted) {
            forArgument.append('\'');
        }
        return forArgument.toString();
    }

    /** @throws IllegalArgumentException naming {@code field} if {@code value} cannot be passed in the {@code {}} block */
    static void checkValue(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException(field + ": control character " + String.format("\\u%04x", (int) c)
                        + " at " + i + " (an event socket command is one line)");
            }
            if (c == '{' || c == '}') {
                throw new IllegalArgumentException(field + ": '" + c + "' at " + i + " would end FreeSWITCH's {} "
                        + "variable block, which counts braces whatever escapes them");
            }
        }
        if (value.contains(":_:")) {
            throw new IllegalArgumentException(field + ": ':_:' is FreeSWITCH's enterprise originate separator");
        }
        if (value.length() > 4096) {
            throw new IllegalArgumentException(field + ": longer than 4096 characters");
        }
    }
}
