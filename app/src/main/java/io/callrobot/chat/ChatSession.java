package io.callrobot.chat;

import io.callrobot.dialog.DialogEngine;
import io.callrobot.dialog.DialogInput;
import io.callrobot.dialog.NextStep;
import io.callrobot.dialog.Reply;
import io.callrobot.dialog.ReplyOptions;
import io.callrobot.dialog.ReplySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chat: a dialog engine owned by a serial executor, as a call owns its dialog
 * (docs/THREADS.md). Inputs are taken one at a time; each completes when the robot's reply has
 * ended, LLM tokens included. The dialog's state is touched only on {@code owner}.
 */
final class ChatSession {

    final String id;
    private final Executor owner;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long lastActiveNanos;
    private volatile boolean ended;
    private volatile boolean closed;
    private final DialogEngine engine;
    /** The input being answered and the reply being produced, to give up on; owner thread only. */
    private Exchange exchange;
    private Reply current;

    /** @param owner the serial executor {@code engine}'s scope runs on */
    ChatSession(String id, Executor owner, DialogEngine engine, long nowNanos) {
        this.id = id;
        this.owner = owner;
        this.engine = engine;
        this.lastActiveNanos = nowNanos;
    }

    long lastActiveNanos() {
        return lastActiveNanos;
    }

    boolean busy() {
        return busy.get();
    }

    /**
     * Hands {@code input} to the dialog; the future completes once the reply (and any reply that
     * follows it at once) has ended.
     *
     * @throws ChatException BUSY if the previous input is still being answered, ENDED if the call would have ended
     */
    CompletableFuture<ChatTurn> send(DialogInput input, long nowNanos) {
        if (ended) {
            throw new ChatException(ChatException.Reason.ENDED, "chat " + id + " has ended: the call would be over");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new ChatException(ChatException.Reason.BUSY, "chat " + id + " is still answering the previous input");
        }
        lastActiveNanos = nowNanos;
        Exchange next = new Exchange();
        owner.execute(() -> {
            exchange = next;
            next.respond(input);
        });
        return next.done.whenComplete((turn, error) -> busy.set(false));
    }

    /** Marks the session active now (the answer was just read). */
    void touch(long nowNanos) {
        lastActiveNanos = nowNanos;
    }

    /** Stops the reply under way, if any; the session takes no more input. Idempotent. */
    void close() {
        closed = true;
        owner.execute(() -> giveUp(ChatException.Reason.UNKNOWN_SESSION, "chat " + id + " was closed"));
    }

    /** Gives up on the reply under way (it took too long); the session stays usable. */
    void cancelReply() {
        owner.execute(() -> giveUp(ChatException.Reason.TIMEOUT, "the reply was given up"));
    }

    private void giveUp(ChatException.Reason reason, String why) {
        if (current != null) {
            current.cancel();
            current = null;
        }
        if (exchange != null) {
            exchange.done.completeExceptionally(new ChatException(reason, why));
            exchange = null;
        }
    }

    /** Collects the replies to one input; every method runs on the owner. */
    private final class Exchange implements ReplySink {

        final CompletableFuture<ChatTurn> done = new CompletableFuture<>();
        private final List<ChatReply> replies = new ArrayList<>();
        private StringBuilder text;
        private String degraded;

        void respond(DialogInput input) {
            if (done.isDone()) {
                return; // given up while a follow-up reply waited
            }
            if (closed) {
                done.completeExceptionally(new ChatException(ChatException.Reason.UNKNOWN_SESSION,
                        "chat " + id + " was closed"));
                return;
            }
            try {
                current = engine.respond(input, this);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void begin(ReplyOptions options) {
            text = new StringBuilder();
            degraded = null;
        }

        @Override
        public void text(String delta) {
            text.append(delta);
        }

        @Override
        public void degraded(String why) {
            degraded = why;
        }

        @Override
        public void end(NextStep next) {
            current = null;
            String said = text.toString().strip();
            if (!said.isEmpty()) {
                replies.add(new ChatReply(said, engine.node(), degraded));
            }
            // a chat's reply is read whole, as a call's is heard when played to its end: the LLM's history keeps it
            engine.heard(said, false);
            switch (next) {
                // Listen(0): more to say with other options (a disclaimer, then the greeting), as CallSession does
                case NextStep.Listen listen when listen.noInputMillis() == 0 ->
                        owner.execute(() -> respond(new DialogInput.NoInput()));
                case NextStep.Listen listen -> finish(null, null, null);
                case NextStep.Hangup hangup -> finish(hangup.resultTag(), null, hangup.cause());
                case NextStep.Transfer transfer -> finish(transfer.resultTag(), transfer.destination(), null);
            }
        }

        private void finish(String result, String transferTo, String cause) {
            boolean over = result != null;
            if (over) {
                ended = true;
            }
            exchange = null;
            done.complete(new ChatTurn(id, replies, engine.node(), result, over, transferTo, cause));
        }
    }
}
