package io.callrobot.dialog;

import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.ToolCall;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An LLM provider for tests: each call streams the tokens the test releases, from its own thread,
 * or fails, or never answers. Records every request and whether it was cancelled.
 */
final class FakeLlm implements LlmEngine {

    /** How the next calls behave. */
    enum Mode { STREAM, FAIL, SILENT }

    private static final String END = "\u0000end";
    private static final String FAIL = "\u0000fail";

    final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final BlockingQueue<List<String>> scripted = new LinkedBlockingQueue<>();
    private final BlockingQueue<List<ToolCall>> scriptedCalls = new LinkedBlockingQueue<>();
    private volatile Mode mode = Mode.STREAM;

    /** The next call streams these tokens and completes by itself. */
    void willAnswer(String... tokens) {
        scripted.add(List.of(tokens));
        scriptedCalls.add(List.of());
    }

    /** The next call streams these tokens, then asks for {@code calls}, and completes by itself. */
    void willCall(List<ToolCall> calls, String... tokens) {
        scripted.add(List.of(tokens));
        scriptedCalls.add(List.copyOf(calls));
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        requests.add(request);
        Call call = new Call(listener);
        calls.add(call);
        List<String> answer = scripted.poll();
        if (answer != null) {
            call.toolCalls = scriptedCalls.poll();
            call.answer(answer.toArray(String[]::new));
        }
        switch (mode) {
            case STREAM -> Thread.ofPlatform().daemon().name("fake-llm").start(call::run);
            case FAIL -> Thread.ofPlatform().daemon().name("fake-llm").start(
                    () -> listener.onFailure(new IllegalStateException("HTTP 500 from provider")));
            case SILENT -> { }
        }
        return call;
    }

    Call lastCall() {
        return calls.getLast();
    }

    /** One streamed answer; the test feeds it tokens. */
    static final class Call implements LlmCall {
        private final LlmListener listener;
        private final BlockingQueue<String> feed = new LinkedBlockingQueue<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile List<ToolCall> toolCalls = List.of();

        Call(LlmListener listener) {
            this.listener = listener;
        }

        /** Streams {@code tokens} then completes. */
        void answer(String... tokens) {
            feed.addAll(List.of(tokens));
            feed.add(END);
        }

        void token(String token) {
            feed.add(token);
        }

        void failNow() {
            feed.add(FAIL);
        }

        /** A token the provider had in flight when the call was cancelled, delivered anyway. */
        void deliverLate(String token) {
            listener.onToken(token);
            listener.onComplete();
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        private void run() {
            try {
                while (true) {
                    String t = feed.poll(30, TimeUnit.SECONDS);
                    if (t == null || cancelled.get()) {
                        return;
                    }
                    switch (t) {
                        case END -> {
                            if (!toolCalls.isEmpty()) {
                                listener.onToolCalls(toolCalls);
                            }
                            listener.onComplete();
                            return;
                        }
                        case FAIL -> {
                            listener.onFailure(new java.io.IOException("stream reset"));
                            return;
                        }
                        default -> listener.onToken(t);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
