package io.callrobot.llm;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Records what an LLM stream delivered; the future completes on the terminal callback. */
class RecordingLlmListener extends LlmListener {

    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> terminal = new CompletableFuture<>();
    final CompletableFuture<String> firstToken = new CompletableFuture<>();
    final List<LlmUsage> usage = new CopyOnWriteArrayList<>();
    final List<List<ToolCall>> toolCalls = new CopyOnWriteArrayList<>();

    @Override
    public void onToken(String text) {
        tokens.add(text);
        events.add("token");
        firstToken.complete(text);
    }

    @Override
    public void onUsage(LlmUsage reported) {
        usage.add(reported);
        events.add("usage");
    }

    @Override
    public void onToolCalls(List<ToolCall> calls) {
        toolCalls.add(calls);
        events.add("toolCalls");
    }

    @Override
    public void onComplete() {
        events.add("complete");
        terminal.complete(null);
    }

    @Override
    public void onFailure(Throwable error) {
        events.add("failure");
        terminal.complete(error);
    }

    /** Waits for the end; null means success. */
    Throwable awaitEnd() throws Exception {
        return terminal.get(20, TimeUnit.SECONDS);
    }
}
