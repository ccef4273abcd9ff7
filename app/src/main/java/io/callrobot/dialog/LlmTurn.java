package io.callrobot.dialog;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One LLM answer streamed into a reply that has already begun: tokens go straight to the sink;
 * a failure or no first token in time speaks the fallback instead; either way {@code onEnd}
 * finishes the reply. All state is guarded by the dialog's lock, shared with the call's thread.
 */
final class LlmTurn extends LlmListener implements Reply {

    private static final Logger log = LoggerFactory.getLogger(LlmTurn.class);

    private final Object lock;
    private final String callId;
    private final ReplySink sink;
    private final String fallback;
    private final Runnable onEnd;
    private boolean streaming;
    private boolean done;
    private LlmCall call;
    private ScheduledFuture<?> firstTokenTimer;

    /**
     * @param onEnd called once, under {@code lock}, after the answer or the fallback was sent,
     *              unless the turn was cancelled; it must end the reply
     */
    LlmTurn(Object lock, String callId, ReplySink sink, String fallback, Runnable onEnd) {
        this.lock = lock;
        this.callId = callId;
        this.sink = sink;
        this.fallback = fallback;
        this.onEnd = onEnd;
    }

    void start(LlmEngine engine, LlmRequest request, ScheduledExecutorService scheduler, long firstTokenMillis) {
        synchronized (lock) {
            try {
                call = engine.stream(request, this);
            } catch (RuntimeException e) {
                onFailure(e);
                return;
            }
            if (done || streaming) {
                return;
            }
            try {
                firstTokenTimer = scheduler.schedule(this::firstTokenTimedOut, firstTokenMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.warn("call {}: no LLM first-token time-out, scheduler refused it: {}", callId, e.toString());
            }
        }
    }

    @Override
    public void onToken(String text) {
        synchronized (lock) {
            if (done || text == null || text.isEmpty()) {
                return;
            }
            if (!streaming) {
                streaming = true;
                stopTimer();
            }
            sink.text(text);
        }
    }

    @Override
    public void onComplete() {
        synchronized (lock) {
            if (done) {
                return;
            }
            if (!streaming) {
                fallBack("LLM answered nothing");
                return;
            }
            done = true;
            stopTimer();
            onEnd.run();
        }
    }

    @Override
    public void onFailure(Throwable error) {
        synchronized (lock) {
            if (!done) {
                fallBack("LLM failed: " + error);
            }
        }
    }

    @Override
    public void cancel() {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            stopTimer();
            if (call != null) {
                call.cancel();
            }
        }
    }

    private void firstTokenTimedOut() {
        synchronized (lock) {
            if (done || streaming) {
                return;
            }
            fallBack("no LLM token in time");
            sink.degraded("no LLM token within the node's firstTokenTimeoutMillis");
            if (call != null) {
                call.cancel();
            }
        }
    }

    /** Speaks the fallback unless part of the answer was already sent, then ends the reply. */
    private void fallBack(String why) {
        done = true;
        stopTimer();
        if (streaming) {
            log.warn("call {}: {}; keeping the part already sent", callId, why);
        } else {
            log.warn("call {}: {}; speaking the fallback", callId, why);
            sink.text(fallback);
        }
        onEnd.run();
    }

    private void stopTimer() {
        if (firstTokenTimer != null) {
            firstTokenTimer.cancel(false);
        }
    }
}
