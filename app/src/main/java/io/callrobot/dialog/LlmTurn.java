package io.callrobot.dialog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.LlmUsage;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolChoice;
import io.callrobot.llm.ToolDefinition;
import io.callrobot.net.ProviderJson;
import io.callrobot.time.CallClock;
import io.callrobot.time.OwnerTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 *
 * <p>Built-in tools run at once, in order; HTTP tools run on okhttp's threads and their results are
 * posted back here. The model is asked again once every result of the round is in. A tool still
 * awaited after its filler delay has its filler said once per round, so the caller is not left in
 * silence. Cancelling the turn cancels the requests under way and hands the rounds completed so far
 * to {@code onCancelled}, so the dialog's history keeps each call with its result.
 */
final class LlmTurn implements Reply {

    private static final Logger log = LoggerFactory.getLogger(LlmTurn.class);
    private static final ObjectMapper JSON = ProviderJson.mapper();
    private static final String NOT_RUN = "{\"ok\":false,\"error\":\"not run: the turn already ends with an earlier tool call\"}";
    private static final String CANCELLED = "{\"ok\":false,\"error\":\"cancelled: the turn ends with another tool call\"}";

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

        /** Runs a built-in tool at once, or starts an HTTP tool ({@link ToolOutcome.Pending}). */
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
    private final Consumer<List<ChatMessage>> onCancelled;
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
    /** The round's HTTP tools under way, or null when none is awaited. */
    private Awaited awaited;
    /** A filler was said this round; at most one is. */
    private boolean fillerSaid;
    /** A filler was said in this turn: the reply is not empty even if the model says nothing. */
    private boolean fillerSpoken;

    /**
     * @param onEnd       called once, after the answer or the fallback was sent, unless the turn was cancelled; it must end the reply
     * @param onCancelled called once if the turn is cancelled, with the tool calls and results exchanged until then
     */
    LlmTurn(String callId, ReplySink sink, String fallback, Ended onEnd, Consumer<List<ChatMessage>> onCancelled,
            Tools tools, DialogScope scope) {
        this.callId = callId;
        this.sink = sink;
        this.fallback = fallback;
        this.onEnd = onEnd;
        this.onCancelled = onCancelled;
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
        fillerSaid = false;
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
        if (awaited != null) {
            awaited.cancel();
            awaited = null;
        }
        if (call != null) {
            call.cancel();
        }
        // only whole rounds: OpenAI's chat API (platform.openai.com/docs/guides/function-calling) rejects an
        // assistant message with tool_calls not followed by a tool message for each tool_call_id
        onCancelled.accept(List.copyOf(exchange));
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

    /**
     * Runs the round's calls in order; the first that ends the turn wins, later ones are refused and
     * HTTP requests already under way are cancelled.
     */
    private void runTools(List<ToolCall> calls) {
        String[] results = new String[calls.size()];
        Awaited pending = new Awaited(round, calls, results);
        ToolOutcome.Effect effect = null;
        for (int i = 0; i < calls.size(); i++) {
            ToolCall toolCall = calls.get(i);
            if (effect != null) {
                results[i] = NOT_RUN;
                continue;
            }
            ToolOutcome outcome = tools.run(toolCall);
            log.debug("call {}: tool {} -> {}", callId, toolCall.name(), outcome);
            results[i] = switch (outcome) {
                case ToolOutcome.Result result -> result.content();
                case ToolOutcome.Dtmf dtmf -> {
                    sink.sendDtmf(dtmf.digits());
                    yield dtmf.content();
                }
                case ToolOutcome.Effect ends -> {
                    effect = ends;
                    yield "{\"ok\":true}";
                }
                case ToolOutcome.Pending http -> {
                    pending.add(i, http);
                    yield null;
                }
            };
        }
        if (effect != null) {
            pending.cancel();
            pending.fillIn(CANCELLED);
            exchange.add(ChatMessage.assistant(null, calls));
            exchange.addAll(pending.messages());
            end(effect);
        } else if (pending.complete()) {
            roundAnswered(pending);
        } else {
            awaited = pending;
            pending.watch();
        }
    }

    /** An HTTP tool's result, on the call's thread. */
    private void httpAnswered(int of, int index, String content) {
        if (!current(of) || awaited == null) {
            return;
        }
        Awaited round = awaited;
        if (round.answered(index, content)) {
            awaited = null;
            roundAnswered(round);
        }
    }

    /** The filler of the tool at {@code index}, due: said if its result is still awaited and none was said this round. */
    private void fillerDue(int of, int index, String text) {
        if (!current(of) || awaited == null || awaited.results[index] != null || fillerSaid) {
            return;
        }
        fillerSaid = true;
        fillerSpoken = true;
        log.debug("call {}: tool {} is late; saying the filler", callId, awaited.calls.get(index).name());
        sink.text(text);
    }

    /** Every result of the round is in: send them back and ask again. */
    private void roundAnswered(Awaited round) {
        List<ChatMessage> results = round.messages();
        // history keeps the heard text on its own, so the calls' message carries none of it
        exchange.add(ChatMessage.assistant(null, round.calls));
        exchange.addAll(results);
        messages.add(ChatMessage.assistant(roundText.toString(), round.calls));
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
        onEnd.ended(effect, streaming || fillerSpoken, List.copyOf(exchange));
    }

    private void stopTimer() {
        if (firstTokenTimer != null) {
            firstTokenTimer.cancel();
        }
    }

    /** A round's tool results, some awaited from HTTP tools; lives on the call's thread. */
    private final class Awaited {

        private final int of;
        private final List<ToolCall> calls;
        private final String[] results;
        private final List<ToolOutcome.Pending> requests = new ArrayList<>();
        private final List<CallClock.Timer> fillers = new ArrayList<>();
        private final List<Integer> indexes = new ArrayList<>();

        Awaited(int of, List<ToolCall> calls, String[] results) {
            this.of = of;
            this.calls = calls;
            this.results = results;
        }

        void add(int index, ToolOutcome.Pending request) {
            indexes.add(index);
            requests.add(request);
        }

        /** Posts each result to the call's thread and schedules the fillers. */
        void watch() {
            for (int k = 0; k < requests.size(); k++) {
                int index = indexes.get(k);
                ToolOutcome.Pending request = requests.get(k);
                request.content().whenComplete((content, error) -> callThread.execute(() -> httpAnswered(of, index,
                        error == null ? content : failure(error))));
                if (request.fillerText() != null) {
                    fillers.add(timers.schedule(() -> fillerDue(of, index, request.fillerText()),
                            request.fillerDelay().toNanos(), TimeUnit.NANOSECONDS));
                }
            }
        }

        /** Records a result; true once all are in. */
        boolean answered(int index, String content) {
            if (results[index] == null) {
                results[index] = content;
            }
            if (!complete()) {
                return false;
            }
            fillers.forEach(CallClock.Timer::cancel);
            return true;
        }

        boolean complete() {
            for (String result : results) {
                if (result == null) {
                    return false;
                }
            }
            return true;
        }

        void fillIn(String content) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = content;
                }
            }
        }

        /** Cancels the requests under way and the fillers. */
        void cancel() {
            fillers.forEach(CallClock.Timer::cancel);
            requests.forEach(r -> r.content().cancel(true));
        }

        List<ChatMessage> messages() {
            List<ChatMessage> out = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                out.add(ChatMessage.tool(calls.get(i).id(), results[i]));
            }
            return out;
        }
    }

    // the futures complete normally by contract; this guards against a broken one
    private static String failure(Throwable error) {
        return JSON.createObjectNode().put("ok", false).put("error", "tool failed: " + error).toString();
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
