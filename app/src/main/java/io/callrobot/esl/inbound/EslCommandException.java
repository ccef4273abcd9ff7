package io.callrobot.esl.inbound;

import java.io.IOException;

/** FreeSWITCH refused a command with {@code -ERR ...} (e.g. {@code -ERR permission denied}): it did not run. */
public final class EslCommandException extends IOException {

    private final String reply;

    public EslCommandException(String message, String reply) {
        super(message);
        this.reply = reply;
    }

    /** FreeSWITCH's reply text, e.g. {@code -ERR permission denied}. */
    public String reply() {
        return reply;
    }
}
