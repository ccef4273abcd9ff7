package io.callrobot.dialog;

import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.LlmUsage;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolChoice;
import io.callrobot.llm.ToolDefinition;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LLM answer streamed into a reply that has already begun: tokens go to the sink; a failure
 * or no first token in time speaks the fallback instead; either way {@code onEnd} finishes the
 * reply. Lives on the call's thread: the provider's callbacks are posted there, stamped with the
 * time they arrived, so nothing here needs a lock and a cancelled turn simply ignores what comes.
 *
 * <p>When the model calls tools, the text it streamed first has already gone to the sink. Tools
 * that answer ({@code set_variable}, {@code record_fields}, errors) are sent back as {@code tool}
 * messages and the model is asked again in the same turn, its answer streaming on into the same
 * reply; a tool that ends the turn ({@code end_call}, {@code transfer}, {@code goto}) is handed to
 * {@code onEnd}, which carries it out after what was said has played.
 */
final class LlmTurn implements Reply {

    private static final Logger log = LoggerFactory.getLogger(LlmTurn.class);

    /** The tools a turn may call; run on the call's thread. */
    interface Tools {

        /** Tools: none. */
        Tools NONE = new Tools() {
            @Override
            public List<ToolDefinition> definitions() {
                return List.of();
            }

            @Override
            public boolean exhausted() {
                return true;
            }

            @Override
            public ToolOutcome run(ToolCall call) {
                throw new IllegalStateException("no tools");
            }
        };

        List<ToolDefinition> definitions();

        /** No more tool calls allowed: the model is asked to answer in text ({@code tool_choice: none}). */
        boolean exhausted();

        ToolOutcome run(ToolCall call);
    }

    /** How the turn ended. */
    interface Ended {

        /**
         * @param effect   the tool that ends the turn, or null to go on as after a plain answer
         * @param spoke    whether any text went to the sink
         * @param exchange the tool calls and results of this turn, for the dialog's history
         */
        void ended(ToolOutcome.Effect effect, boolean spoke, List<ChatMessage> exchange);
    }

    private final String callId;
    private final ReplySink sink;
    private final String fallback;
    private final Ended onEnd;
    private final Tools tools;
    private final Executor callThread;
    private final OwnerTimers timers;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<ChatMessage> exchange = new ArrayList<>();
    private final StringBuilder roundText = new StringBuilder();
    private LlmEngine engine;
    private long firstTokenMillis;
    private int round;
    private boolean roundAnswered;
    private List<ToolCall> roundCalls = List.of();
    private boolean streaming;
    private boolean done;
    private LlmCall call;
    private CallClock.Timer firstTokenTimer;

    /** @param onEnd called once, after the answer or the fallback was sent, unless the turn was cancelled; it must end the reply */
    LlmTurn(String callId, ReplySink sink, String fallback, Ended onEnd, Tools tools, DialogScope scope) {
        this.callId = callId;
        this.sink = sink;
        this.fallback = fallback;
        this.onEnd = onEnd;
        this.tools = tools;
        this.callThread = scope.callThread();
        this.timers = new OwnerTimers(scope.clock(), scope.callThread());
    }

    void start(LlmEngine engine, List<ChatMessage> conversation, long firstTokenMillis) {
        this.engine = engine;
        this.firstTokenMillis = firstTokenMillis;
        messages.addAll(conversation);
        sink.llmRequested(timers.nanoTime());
        ask();
    }

    /** Sends the conversation so far: a round of the turn. */
    private void ask() {
        round++;
        roundAnswered = false;
        roundCalls = List.of();
        roundText.setLength(0);
        List<ToolDefinition> definitions = tools.definitions();
        LlmRequest request = definitions.isEmpty() ? new LlmRequest(callId, messages)
                : new LlmRequest(callId, messages, definitions, tools.exhausted() ? ToolChoice.NONE : null);
        try {
            call = engine.stream(request, new Posted(round));
        } catch (RuntimeException e) {
            failed(round, e);
            return;
        }
        int of = round;
        firstTokenTimer = timers.schedule(() -> firstTokenTimedOut(of), firstTokenMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        stopTimer();
        if (call != null) {
            call.cancel();
        }
    }

    private boolean current(int of) {
        return !done && of == round;
    }

    private void token(int of, String text, long arrivedNanos) {
        if (!current(of) || text == null || text.isEmpty()) {
            return;
        }
        roundAnswered = true;
        stopTimer();
        if (!streaming) {
            streaming = true;
            sink.llmFirstToken(arrivedNanos);
        }
        roundText.append(text);
        sink.text(text);
    }

    private void usage(int of, LlmUsage usage) {
        if (current(of)) {
            sink.llmUsage(usage);
        }
    }

    private void toolCalls(int of, List<ToolCall> calls) {
        if (current(of)) {
            roundAnswered = true;
            stopTimer();
            roundCalls = List.copyOf(calls);
        }
    }

    private void completed(int of) {
        if (!current(of)) {
            return;
        }
        if (!roundCalls.isEmpty()) {
            runTools(roundCalls);
            return;
        }
        if (!streaming) {
            fallBack("LLM answered nothing");
            return;
        }
        end(null);
    }

    /** Runs the round's calls in order; the first that ends the turn wins, later ones are refused. */
    private void runTools(List<ToolCall> calls) {
        List<ChatMessage> results = new ArrayList<>(calls.size());
        ToolOutcome.Effect effect = null;
        for (ToolCall toolCall : calls) {
            String content;
            if (effect != null) {
                content = "{\"ok\":false,\"error\":\"not run: the turn already ends with an earlier tool call\"}";
            } else {
                ToolOutcome outcome = tools.run(toolCall);
                log.debug("call {}: tool {} -> {}", callId, toolCall.name(), outcome);
                content = switch (outcome) {
                    case ToolOutcome.Result result -> result.content();
                    case ToolOutcome.Dtmf dtmf -> {
                        sink.sendDtmf(dtmf.digits());
                        yield dtmf.content();
                    }
                    case ToolOutcome.Effect ends -> {
                        effect = ends;
                        yield "{\"ok\":true}";
                    }
                };
            }
            results.add(ChatMessage.tool(toolCall.id(), content));
        }
        // history keeps the heard text on its own, so the calls' message carries none of it
        exchange.add(ChatMessage.assistant(null, calls));
        exchange.addAll(results);
        if (effect != null) {
            end(effect);
            return;
        }
        messages.add(ChatMessage.assistant(roundText.toString(), calls));
        messages.addAll(results);
        ask();
    }

    private void failed(int of, Throwable error) {
        if (current(of)) {
            sink.degraded(error.getMessage());
            fallBack("LLM failed: " + error);
        }
    }

    private void firstTokenTimedOut(int of) {
        if (!current(of) || roundAnswered) {
            return;
        }
        sink.degraded("no LLM token within the node's firstTokenTimeoutMillis");
        fallBack("no LLM token in time");
        call.cancel();
    }

    /** Speaks the fallback unless part of the answer was already sent, then ends the reply. */
    private void fallBack(String why) {
        if (streaming) {
            log.warn("call {}: {}; keeping the part already sent", callId, why);
        } else {
            log.warn("call {}: {}; speaking the fallback", callId, why);
            sink.text(fallback);
            streaming = true;
        }
        end(null);
    }

    private void end(ToolOutcome.Effect effect) {
        done = true;
        stopTimer();
        onEnd.ended(effect, streaming, List.copyOf(exchange));
    }

    private void stopTimer() {
        if (firstTokenTimer != null) {
            firstTokenTimer.cancel();
        }
    }

    /** The provider's side of one round: each callback is stamped and handed to the call's thread. */
    private final class Posted extends LlmListener {

        private final int of;

        Posted(int of) {
            this.of = of;
        }

        @Override
        public void onToken(String text) {
            long arrived = timers.nanoTime();
            callThread.execute(() -> token(of, text, arrived));
        }

        @Override
        public void onUsage(LlmUsage usage) {
            callThread.execute(() -> usage(of, usage));
        }

        @Override
        public void onToolCalls(List<ToolCall> calls) {
            callThread.execute(() -> toolCalls(of, calls));
        }

        @Override
        public void onComplete() {
            callThread.execute(() -> completed(of));
        }

        @Override
        public void onFailure(Throwable error) {
            callThread.execute(() -> failed(of, error));
        }
    }
}
