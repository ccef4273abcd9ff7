package io.callrobot.esl.inbound.originate;

/**
 * The outcome of an originate is unknown: the event socket was down, was lost before the
 * {@code BACKGROUND_JOB}, or the result took too long. FreeSWITCH may have placed the call; ask
 * {@link Originator#exists} whether the attempt's channel is up, and treat it as in flight until it is not.
 */
public final class OriginateInDoubtException extends Exception {

    private final String uuid;

    public OriginateInDoubtException(String uuid, String message, Throwable cause) {
        super(message, cause);
        this.uuid = uuid;
    }

    /** The attempt's channel uuid. */
    public String uuid() {
        return uuid;
    }
}
