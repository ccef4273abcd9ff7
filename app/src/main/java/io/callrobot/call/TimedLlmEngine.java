package io.callrobot.call;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnLatency;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stamps {@code llm_request} and {@code llm_first_token} on the turn of the call that makes the
 * request, and tells the call of provider failures, so the dialog engines need not know about
 * latency accounting or the call record.
 */
public final class TimedLlmEngine implements LlmEngine {

    private final LlmEngine delegate;
    private final Function<String, TurnLatency> turns;
    private final BiConsumer<String, Throwable> failures;

    /**
     * @param turns    the current turn's marks for a call id, or null when there is none
     * @param failures told of each failed request with its call id; must not block
     */
    public TimedLlmEngine(LlmEngine delegate, Function<String, TurnLatency> turns,
            BiConsumer<String, Throwable> failures) {
        this.delegate = delegate;
        this.turns = turns;
        this.failures = failures;
    }

    /** Wires the engine to a call manager's current turns and calls. */
    public static TimedLlmEngine forCalls(LlmEngine delegate, Supplier<CallManager> calls) {
        return new TimedLlmEngine(delegate, id -> calls.get().currentLatency(id),
                (id, error) -> calls.get().llmFailed(id, error));
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        TurnLatency latency = turns.apply(request.callId());
        if (latency != null) {
            latency.mark(LatencyMark.LLM_REQUEST, System.nanoTime());
        }
        return delegate.stream(request, new LlmListener() {
            @Override
            public void onToken(String text) {
                if (latency != null) {
                    latency.mark(LatencyMark.LLM_FIRST_TOKEN, System.nanoTime());
                }
                listener.onToken(text);
            }

            @Override
            public void onComplete() {
                listener.onComplete();
            }

            @Override
            public void onFailure(Throwable error) {
                failures.accept(request.callId(), error);
                listener.onFailure(error);
            }
        });
    }
}
