package io.callrobot.chat;

/** A chat request that cannot be served, with the reason an API maps to its status. */
public final class ChatException extends RuntimeException {

    /** Why the request was refused. */
    public enum Reason {
        /** No chat with that id: never started, ended, or expired after being idle. */
        UNKNOWN_SESSION,
        /** As many chats as allowed are open. */
        LIMIT,
        /** The robot is still answering the previous input. */
        BUSY,
        /** The call would already have ended: the chat takes no more input. */
        ENDED,
        /** The robot did not finish its reply in time. */
        TIMEOUT
    }

    private final Reason reason;

    ChatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
