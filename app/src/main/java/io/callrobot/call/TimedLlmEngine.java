package io.callrobot.call;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnLatency;
import java.util.function.Function;

/**
 * Stamps {@code llm_request} and {@code llm_first_token} on the turn of the call that makes the
 * request, so the dialog engines need not know about latency accounting.
 */
public final class TimedLlmEngine implements LlmEngine {

    private final LlmEngine delegate;
    private final Function<String, TurnLatency> turns;

    /** @param turns the current turn's marks for a call id, or null when there is none */
    public TimedLlmEngine(LlmEngine delegate, Function<String, TurnLatency> turns) {
        this.delegate = delegate;
        this.turns = turns;
    }

    /** Wires the engine to a call manager's current turns. */
    public static TimedLlmEngine forCalls(LlmEngine delegate, java.util.function.Supplier<CallManager> calls) {
        return new TimedLlmEngine(delegate, id -> calls.get().currentLatency(id));
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        TurnLatency latency = turns.apply(request.callId());
        if (latency == null) {
            return delegate.stream(request, listener);
        }
        latency.mark(LatencyMark.LLM_REQUEST, System.nanoTime());
        return delegate.stream(request, new LlmListener() {
            @Override
            public void onToken(String text) {
                latency.mark(LatencyMark.LLM_FIRST_TOKEN, System.nanoTime());
                listener.onToken(text);
            }

            @Override
            public void onComplete() {
                listener.onComplete();
            }

            @Override
            public void onFailure(Throwable error) {
                listener.onFailure(error);
            }
        });
    }
}
