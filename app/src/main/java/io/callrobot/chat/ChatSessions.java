package io.callrobot.chat;

import io.callrobot.concurrent.SerialExecutor;
import io.callrobot.dialog.DialogFactory;
import io.callrobot.dialog.DialogInput;
import io.callrobot.dialog.DialogScope;
import io.callrobot.time.CallClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open text chats with flows: each runs the real dialog engine (the server's
 * {@link DialogFactory}, with its LLM) on a serial executor of its own over the shared call
 * threads, and answers each input once the robot's reply has ended. At most
 * {@link Limits#maxSessions} are open; one idle for {@link Limits#idle} is closed by a sweep on the
 * clock's timer, so no thread waits per session. Thread-safe.
 */
public final class ChatSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatSessions.class);

    /**
     * @param maxSessions  chats open at once
     * @param idle         a chat with no input for this long is closed
     * @param replyTimeout how long a request waits for the robot's reply (an LLM answer streams in meanwhile)
     */
    public record Limits(int maxSessions, Duration idle, Duration replyTimeout) {

        /** 20 chats, closed after 10 idle minutes; a reply may take 30 s. */
        public static final Limits DEFAULTS = new Limits(20, Duration.ofMinutes(10), Duration.ofSeconds(30));

        public Limits {
            if (maxSessions < 1 || idle.isNegative() || idle.isZero() || replyTimeout.isNegative() || replyTimeout.isZero()) {
                throw new IllegalArgumentException("chat limits must be positive: " + maxSessions + ", " + idle + ", " + replyTimeout);
            }
        }
    }

    private final DialogFactory dialogs;
    private final CallClock clock;
    private final Executor threads;
    private final Limits limits;
    private final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
    private CallClock.Timer sweep;
    private boolean closed;

    /**
     * @param dialogs the server's dialog factory (flows and the configured LLM)
     * @param threads the shared executor chats' serial executors run on (virtual threads)
     */
    public ChatSessions(DialogFactory dialogs, CallClock clock, Executor threads, Limits limits) {
        this.dialogs = dialogs;
        this.clock = clock;
        this.threads = threads;
        this.limits = limits;
        scheduleSweep();
    }

    /**
     * Opens a chat with {@code flow} and returns the robot's opening.
     *
     * @param variables fill the flow's templates as a call's channel variables do
     * @throws IllegalArgumentException if there is no such flow
     * @throws ChatException            LIMIT when too many chats are open, TIMEOUT if the opening took too long
     */
    public ChatTurn start(String flow, Map<String, String> variables) {
        String id = UUID.randomUUID().toString();
        SerialExecutor owner = new SerialExecutor(threads, "chat-" + id);
        ChatSession session = new ChatSession(id, owner,
                dialogs.create("chat-" + id, flow, variables, new DialogScope(owner, clock)), clock.nanoTime());
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("chat sessions are closed");
            }
            if (sessions.size() >= limits.maxSessions()) {
                throw new ChatException(ChatException.Reason.LIMIT, "at most " + limits.maxSessions()
                        + " chats may be open at once; end one or wait until one has been idle for "
                        + limits.idle().toMinutes() + " minutes");
            }
            sessions.put(id, session);
        }
        log.info("chat {} started with flow {}", id, flow);
        return await(session, session.send(new DialogInput.Start(), clock.nanoTime()));
    }

    /**
     * The robot's answer to {@code input} in chat {@code id}.
     *
     * @throws ChatException UNKNOWN_SESSION, BUSY, ENDED or TIMEOUT
     */
    public ChatTurn send(String id, DialogInput input) {
        ChatSession session = session(id);
        return await(session, session.send(input, clock.nanoTime()));
    }

    /**
     * Ends chat {@code id}, stopping a reply under way.
     *
     * @throws ChatException UNKNOWN_SESSION
     */
    public void end(String id) {
        ChatSession session = sessions.remove(id);
        if (session == null) {
            throw unknown(id);
        }
        session.close();
        log.info("chat {} ended", id);
    }

    /** Chats open now. */
    public int open() {
        return sessions.size();
    }

    @Override
    public void close() {
        CallClock.Timer timer;
        synchronized (this) {
            closed = true;
            timer = sweep;
        }
        if (timer != null) {
            timer.cancel();
        }
        sessions.values().forEach(ChatSession::close);
        sessions.clear();
    }

    private ChatSession session(String id) {
        ChatSession session = sessions.get(id);
        if (session == null) {
            throw unknown(id);
        }
        return session;
    }

    private static ChatException unknown(String id) {
        return new ChatException(ChatException.Reason.UNKNOWN_SESSION,
                "no chat " + id + " (never started, ended, or closed after being idle)");
    }

    private ChatTurn await(ChatSession session, CompletableFuture<ChatTurn> reply) {
        try {
            ChatTurn turn = reply.get(limits.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            session.touch(clock.nanoTime());
            return turn;
        } catch (TimeoutException e) {
            session.cancelReply();
            settled(reply);
            throw new ChatException(ChatException.Reason.TIMEOUT, "the robot did not finish its reply within "
                    + limits.replyTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("chat " + session.id + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.cancelReply();
            throw new IllegalStateException("interrupted while waiting for the robot's reply", e);
        }
    }

    /** Waits until a reply given up has failed, so the chat takes the next input at once. */
    private void settled(CompletableFuture<ChatTurn> reply) {
        try {
            reply.handle((turn, error) -> null).get(limits.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("chat reply not settled after being given up: {}", e.toString());
        }
    }

    private synchronized void scheduleSweep() {
        if (!closed) {
            long period = Math.min(limits.idle().toNanos(), Duration.ofMinutes(1).toNanos());
            sweep = clock.schedule(this::sweep, period, TimeUnit.NANOSECONDS);
        }
    }

    /** On the clock's timer thread: closes idle chats (close only posts to each chat's thread). */
    private void sweep() {
        long now = clock.nanoTime();
        sessions.values().removeIf(session -> {
            boolean idle = !session.busy() && now - session.lastActiveNanos() >= limits.idle().toNanos();
            if (idle) {
                session.close();
                log.info("chat {} closed after {} idle minutes", session.id, limits.idle().toMinutes());
            }
            return idle;
        });
        scheduleSweep();
    }
}
