package io.callrobot.esl;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Commands awaiting their reply, in the order sent: FreeSWITCH answers each command on a socket
 * in order (mod_event_socket.c, listener_run handles one packet at a time). A command that timed
 * out keeps its place, so its late reply is consumed by it and never handed to the next one.
 * Used on the connection's event loop only.
 */
public final class PendingReplies {

    private final ArrayDeque<CompletableFuture<EslReply>> queue = new ArrayDeque<>();

    public void add(CompletableFuture<EslReply> future) {
        queue.addLast(future);
    }

    /** Hands a reply to the oldest command; false if no command was waiting. */
    public boolean complete(EslReply reply) {
        CompletableFuture<EslReply> head = queue.pollFirst();
        if (head == null) {
            return false;
        }
        head.complete(reply);
        return true;
    }

    public void failAll(Throwable cause) {
        CompletableFuture<EslReply> next;
        while ((next = queue.pollFirst()) != null) {
            next.completeExceptionally(cause);
        }
    }

    int size() {
        return queue.size();
    }
}
