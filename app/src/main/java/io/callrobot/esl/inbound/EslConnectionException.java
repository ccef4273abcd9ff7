package io.callrobot.esl.inbound;

import java.io.IOException;

/**
 * The event socket was not connected when a command was sent, or was lost before its reply or
 * its background job's result arrived: FreeSWITCH may or may not have run the command.
 */
public final class EslConnectionException extends IOException {

    public EslConnectionException(String message) {
        super(message);
    }
}
