package io.callrobot.esl;

/** FreeSWITCH's answer to a command: the {@code Reply-Text} of a command/reply or the body of an api/response. */
public record EslReply(String text) {

    /** FreeSWITCH prefixes success with {@code +OK} and failure with {@code -ERR} (mod_event_socket.c). */
    public boolean ok() {
        return text != null && text.startsWith("+OK");
    }
}
