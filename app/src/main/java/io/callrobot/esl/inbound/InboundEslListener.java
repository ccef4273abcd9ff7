package io.callrobot.esl.inbound;

import io.callrobot.esl.EslEvent;

/**
 * Hears an {@link InboundEslClient}'s connection and events. Calls come one at a time, in order,
 * on the client's delivery thread (never a netty event loop, never under a lock): a listener may
 * block briefly, e.g. for database I/O, but then holds up the events behind it.
 */
public interface InboundEslListener {

    /**
     * The socket is authenticated and subscribed. {@code reconnected} is true after a loss (FreeSWITCH
     * restarted or the network failed): commands and jobs in flight at the loss have failed, and
     * events of that time are lost, so whatever was in flight must be reconciled.
     */
    void onConnected(boolean reconnected);

    /** An event of a subscribed kind, other than the {@code BACKGROUND_JOB} of this client's own jobs. */
    void onEvent(EslEvent event);

    /** An authenticated connection ended; the client reconnects with back-off. {@code reason} is for the log. */
    void onDisconnected(String reason);
}
