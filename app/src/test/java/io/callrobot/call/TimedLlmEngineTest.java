package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.ops.LatencyMark;
import io.callrobot.ops.TurnLatency;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimedLlmEngineTest {

    private static final LlmRequest REQUEST = new LlmRequest("call-1", List.of(ChatMessage.user("你好")));

    /** Answers with one token then completes, or fails at once. */
    private static LlmEngine provider(IOException failure) {
        return (request, listener) -> {
            if (failure != null) {
                listener.onFailure(failure);
            } else {
                listener.onToken("好");
                listener.onComplete();
            }
            return () -> { };
        };
    }

    @Test
    void marksRequestAndFirstTokenOnTheCallsTurn() {
        TurnLatency latency = new TurnLatency();
        List<String> events = new ArrayList<>();
        new TimedLlmEngine(provider(null), id -> latency, (id, e) -> events.add("failed"))
                .stream(REQUEST, new LlmListener() {
                    @Override
                    public void onToken(String text) {
                        events.add(text);
                    }
                });
        assertThat(latency.has(LatencyMark.LLM_REQUEST)).isTrue();
        assertThat(latency.has(LatencyMark.LLM_FIRST_TOKEN)).isTrue();
        assertThat(events).containsExactly("好");
    }

    @Test
    void reportsAFailureToTheCallAndStillToTheDialog() {
        Map<String, Throwable> reported = new HashMap<>();
        List<Throwable> heard = new ArrayList<>();
        IOException failure = new IOException("answered HTTP 500");
        // no turn in progress (null marks): the failure must be reported all the same
        new TimedLlmEngine(provider(failure), id -> null, reported::put).stream(REQUEST, new LlmListener() {
            @Override
            public void onFailure(Throwable error) {
                heard.add(error);
            }
        });
        assertThat(reported).containsEntry("call-1", failure);
        assertThat(heard).containsExactly(failure);
    }
}
