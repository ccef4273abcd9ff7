package io.callrobot.dialog;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.LlmUsage;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LLM answer streamed into a reply that has already begun: tokens go to the sink; a failure
 * or no first token in time speaks the fallback instead; either way {@code onEnd} finishes the
 * reply. Lives on the call's thread: the provider's callbacks are posted there, stamped with the
 * time they arrived, so nothing here needs a lock and a cancelled turn simply ignores what comes.
 */
final class LlmTurn implements Reply {

    private static final Logger log = LoggerFactory.getLogger(LlmTurn.class);

    private final String callId;
    private final ReplySink sink;
    private final String fallback;
    private final Runnable onEnd;
    private final Executor callThread;
    private final OwnerTimers timers;
    private boolean streaming;
    private boolean done;
    private LlmCall call;
    private CallClock.Timer firstTokenTimer;

    /** @param onEnd called once, after the answer or the fallback was sent, unless the turn was cancelled; it must end the reply */
    LlmTurn(String callId, ReplySink sink, String fallback, Runnable onEnd, DialogScope scope) {
        this.callId = callId;
        this.sink = sink;
        this.fallback = fallback;
        this.onEnd = onEnd;
        this.callThread = scope.callThread();
        this.timers = new OwnerTimers(scope.clock(), scope.callThread());
    }

    void start(LlmEngine engine, LlmRequest request, long firstTokenMillis) {
        sink.llmRequested(timers.nanoTime());
        try {
            call = engine.stream(request, new Posted());
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        firstTokenTimer = timers.schedule(this::firstTokenTimedOut, firstTokenMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        stopTimer();
        call.cancel();
    }

    private void token(String text, long arrivedNanos) {
        if (done || text == null || text.isEmpty()) {
            return;
        }
        if (!streaming) {
            streaming = true;
            stopTimer();
            sink.llmFirstToken(arrivedNanos);
        }
        sink.text(text);
    }

    private void usage(LlmUsage usage) {
        if (!done) {
            sink.llmUsage(usage);
        }
    }

    private void completed() {
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

    private void failed(Throwable error) {
        if (!done) {
            sink.degraded(error.getMessage());
            fallBack("LLM failed: " + error);
        }
    }

    private void firstTokenTimedOut() {
        if (done || streaming) {
            return;
        }
        sink.degraded("no LLM token within the node's firstTokenTimeoutMillis");
        fallBack("no LLM token in time");
        call.cancel();
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
            firstTokenTimer.cancel();
        }
    }

    /** The provider's side: each callback is stamped and handed to the call's thread. */
    private final class Posted extends LlmListener {

        @Override
        public void onToken(String text) {
            long arrived = timers.nanoTime();
            callThread.execute(() -> token(text, arrived));
        }

        @Override
        public void onUsage(LlmUsage usage) {
            callThread.execute(() -> usage(usage));
        }

        @Override
        public void onComplete() {
            callThread.execute(LlmTurn.this::completed);
        }

        @Override
        public void onFailure(Throwable error) {
            callThread.execute(() -> failed(error));
        }
    }
}
