package io.callrobot.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolDefinition;
import io.callrobot.dialog.tools.http.HttpToolCaller;
import io.callrobot.dialog.tools.http.HttpToolSpec;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one call through a {@link Flow}: tracks the current node and its retry counts, matches
 * input against the node's intents, and answers free speech in LLM nodes.
 *
 * <p>A node that moves on right after its prompt ({@code next}) is spoken in the same reply as
 * the following prompt when their options are equal. When they differ (an uninterruptible
 * disclaimer before an interruptible greeting) the first reply ends with {@code Listen(0)} and
 * the rest is spoken on the next {@link #respond}, whatever its input.
 *
 * <p>Runs on the call's thread only ({@link DialogScope}): LLM tokens and time-outs are handed
 * to it there, so nothing here is locked.
 */
final class FlowDialog implements DialogEngine {

    private static final Logger log = LoggerFactory.getLogger(FlowDialog.class);
    private static final Reply SPOKEN = () -> { };

    private final String callId;
    private final Flow flow;
    private final FlowInfo info;
    private final Map<String, String> variablesUsed;
    private final IntentMatcher matcher;
    /** The call's variables; the model's {@code set_variable} adds to them. */
    private final Map<String, String> variables;
    private final BuiltinTools tools;
    /** The flow's HTTP tools for this call, or null when it has none. */
    private final HttpTools httpTools;
    private final LlmEngine llm;
    private final DialogScope scope;
    private final String separator;
    /** What was said and heard, oldest first: caller speech and the robot text actually played. */
    private final List<ChatMessage> history = new ArrayList<>();

    private Flow.Node node;
    private String nodeName;
    private int noInputs;
    private int noMatches;
    private int llmTurns;
    private ReplyPlan queued;
    private NextStep ended;

    FlowDialog(String callId, Flow flow, FlowInfo info, IntentMatcher matcher, Map<String, String> variables,
               Map<String, String> variablesUsed, LlmEngine llm, OkHttpClient http, DialogScope scope) {
        this.callId = callId;
        this.flow = flow;
        this.info = info;
        this.variablesUsed = Map.copyOf(variablesUsed);
        this.matcher = matcher;
        this.variables = new java.util.HashMap<>(variables);
        this.tools = new BuiltinTools(this.variables, this::render);
        this.httpTools = flow.httpToolSpecs().isEmpty() ? null
                : new HttpTools(new HttpToolCaller(http, scope.clock()), flow.toolBudget(), this.variables);
        this.llm = llm;
        this.scope = scope;
        this.separator = separator(flow.language());
    }

    @Override
    public FlowInfo flow() {
        return info;
    }

    @Override
    public Map<String, String> variablesUsed() {
        return variablesUsed;
    }

    @Override
    public String node() {
        return nodeName;
    }

    @Override
    public Map<String, String> variablesSet() {
        return tools.variablesSet();
    }

    @Override
    public Map<String, JsonNode> fields() {
        return tools.fields();
    }

    @Override
    public Reply respond(DialogInput input, ReplySink sink) {
        if (ended != null) {
            log.warn("call {}: input {} after the flow ended; repeating {}", callId, input, ended);
            sink.begin(ReplyOptions.DEFAULT);
            sink.end(ended);
            return SPOKEN;
        }
        if (queued != null) {
            ReplyPlan rest = queued;
            queued = null;
            return speak(sink, rest);
        }
        if (node == null && !(input instanceof DialogInput.Start)) {
            log.warn("call {}: {} before Start; starting the flow", callId, input);
        }
        ReplyPlan plan = new ReplyPlan();
        if (node == null || input instanceof DialogInput.Start) {
            enter(plan, flow.start());
            return speak(sink, plan);
        }
        switch (input) {
            case DialogInput.Speech s when s.text() != null && !s.text().isBlank() -> {
                history.add(ChatMessage.user(s.text().strip()));
                Flow.Intent intent = matcher.matchSpeech(node, s.text());
                if (intent == null && node.llm() != null) {
                    return answerWithLlm(sink);
                }
                matched(plan, intent);
            }
            case DialogInput.Dtmf d -> matched(plan, IntentMatcher.matchDtmf(node, d.digits()));
            default -> noInput(plan);
        }
        return speak(sink, plan);
    }

    @Override
    public void heard(String text, boolean interrupted) {
        if (text != null && !text.isBlank()) {
            history.add(ChatMessage.assistant(text.strip()));
        }
        if (interrupted) {
            log.debug("call {}: caller interrupted after '{}'", callId, text);
        }
    }

    private void matched(ReplyPlan plan, Flow.Intent intent) {
        if (intent != null) {
            log.debug("call {}: intent{} matched", callId, intent.label());
            act(plan, intent.action());
        } else {
            noMatches++;
            retry(plan, node.noMatch(), noMatches, "no_match");
        }
    }

    private void noInput(ReplyPlan plan) {
        noInputs++;
        retry(plan, node.noInput(), noInputs, "no_response");
    }

    /** Reprompts while {@code count} is within the retries, then runs the handler's final action. */
    private void retry(ReplyPlan plan, Flow.Handler handler, int count, String defaultResult) {
        Flow.Handler h = handler == null ? Flow.Handler.NONE : handler;
        int allowed = h.retries() == null ? flow.defaults().maxRetriesOrDefault() : h.retries();
        if (count > allowed) {
            act(plan, h.then() != null ? h.then()
                    : new Flow.Action(null, null, new Flow.Hangup(defaultResult, null), null));
            return;
        }
        // Handler prompts are all reprompts; the node's first prompt was the greeting, so its reprompts start at 1.
        List<String> prompts = h.say().isEmpty() ? node.say() : h.say();
        int index = h.say().isEmpty() ? count : count - 1;
        if (!prompts.isEmpty()) {
            plan.say(options(node), render(prompts.get(Math.min(index, prompts.size() - 1))));
        }
        plan.then(listen());
    }

    private void act(ReplyPlan plan, Flow.Action action) {
        if (action.say() != null) {
            plan.say(options(node), render(action.say()));
        }
        if (action.gotoNode() != null) {
            enter(plan, action.gotoNode());
        } else if (action.hangup() != null) {
            plan.then(new NextStep.Hangup(action.hangup().result(), action.hangup().causeOrDefault()));
        } else if (action.transfer() != null) {
            plan.then(new NextStep.Transfer(render(action.transfer().to()), action.transfer().result()));
        } else {
            plan.then(listen());
        }
    }

    private void enter(ReplyPlan plan, String name) {
        node = flow.nodes().get(name);
        nodeName = name;
        noInputs = 0;
        noMatches = 0;
        llmTurns = 0;
        log.debug("call {}: node {}", callId, name);
        if (!node.say().isEmpty()) {
            plan.say(options(node), render(node.say().get(0)));
        }
        Flow.Action pass = node.passThrough();
        if (pass != null) {
            act(plan, pass);
        } else {
            plan.then(listen());
        }
    }

    private Reply answerWithLlm(ReplySink sink) {
        Flow.Llm spec = node.llm();
        ReplyOptions options = options(node);
        if (llmTurns >= spec.maxTurnsOrDefault()) {
            ReplyPlan plan = new ReplyPlan();
            enter(plan, spec.next());
            return speak(sink, plan);
        }
        llmTurns++;
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        messages.add(ChatMessage.system(render(spec.system())));
        messages.addAll(history);
        sink.begin(options);
        LlmTurn turn = new LlmTurn(callId, sink, render(spec.fallback()),
                (effect, spoke, exchange) -> afterLlm(sink, options, effect, spoke, exchange), history::addAll,
                nodeTools(spec), scope);
        turn.start(llm, messages, spec.firstTokenTimeoutMillisOrDefault());
        return turn;
    }

    /** The tools {@code spec} enables, for one LLM turn. */
    private LlmTurn.Tools nodeTools(Flow.Llm spec) {
        if (spec.tools().isEmpty()) {
            return LlmTurn.Tools.NONE;
        }
        return new LlmTurn.Tools() {
            @Override
            public List<ToolDefinition> definitions() {
                List<ToolDefinition> all = new ArrayList<>(tools.definitions(spec));
                spec.tools().stream().map(flow::httpTool).filter(Objects::nonNull)
                        .forEach(http -> all.add(http.toolDefinition()));
                return all;
            }

            @Override
            public boolean exhausted() {
                return tools.exhausted(spec);
            }

            @Override
            public ToolOutcome run(ToolCall call) {
                HttpToolSpec http = call.valid() && spec.tools().contains(call.name()) ? flow.httpTool(call.name()) : null;
                if (http == null) {
                    return tools.run(spec, call);
                }
                ToolOutcome.Result refused = tools.admit(spec);
                return refused != null ? refused : httpTools.start(http, call);
            }
        };
    }

    /**
     * Ends an LLM reply: carry out the tool that ended it, else keep listening, or after the last
     * allowed answer continue to the next node.
     */
    private void afterLlm(ReplySink sink, ReplyOptions open, ToolOutcome.Effect effect, boolean spoke,
                          List<ChatMessage> exchange) {
        history.addAll(exchange);
        ReplyPlan plan = new ReplyPlan();
        if (effect != null && effect.say() != null) {
            plan.say(open, effect.say());
        }
        switch (effect) {
            case ToolOutcome.EndCall end -> plan.then(new NextStep.Hangup(end.result(), Flow.DEFAULT_CAUSE));
            case ToolOutcome.Transfer transfer -> plan.then(new NextStep.Transfer(transfer.to(), transfer.result()));
            case ToolOutcome.Goto go -> enter(plan, go.node());
            case null -> afterAnswer(plan);
        }
        finish(sink, open, plan, spoke);
    }

    private void afterAnswer(ReplyPlan plan) {
        if (llmTurns >= node.llm().maxTurnsOrDefault()) {
            enter(plan, node.llm().next());
        } else {
            plan.then(listen());
        }
    }

    private Reply speak(ReplySink sink, ReplyPlan plan) {
        ReplyOptions open = plan.segments().isEmpty() ? options(node) : plan.segments().get(0).options();
        sink.begin(open);
        finish(sink, open, plan, false);
        return SPOKEN;
    }

    /** Sends the segments that share the open reply's options and ends it; the rest waits in {@link #queued}. */
    private void finish(ReplySink sink, ReplyOptions open, ReplyPlan plan, boolean textSent) {
        List<ReplyPlan.Segment> segments = plan.segments();
        int i = 0;
        for (; i < segments.size() && segments.get(i).options().equals(open); i++) {
            if (textSent && !separator.isEmpty()) {
                sink.text(separator);
            }
            sink.text(segments.get(i).text());
            textSent = true;
        }
        if (i < segments.size()) {
            queued = plan.rest(i);
            sink.end(new NextStep.Listen(0));
            return;
        }
        if (!(plan.next() instanceof NextStep.Listen)) {
            ended = plan.next();
        }
        sink.end(plan.next());
    }

    private ReplyOptions options(Flow.Node n) {
        return options(flow, n);
    }

    /** How {@code n}'s prompts are spoken: its own settings over the flow's. */
    static ReplyOptions options(Flow flow, Flow.Node n) {
        BargeIn bargeIn = n.bargeIn() == null ? flow.defaults().bargeInOrDefault()
                : n.bargeIn().over(flow.defaults().bargeInOrDefault());
        return new ReplyOptions(bargeIn, n.voice() == null ? flow.voice() : n.voice(), n.emotion(), n.speed());
    }

    /** What joins two prompts of one reply: nothing in Chinese, a space otherwise. */
    static String separator(String language) {
        return language.startsWith("zh") ? "" : " ";
    }

    private NextStep.Listen listen() {
        return new NextStep.Listen(flow.defaults().noInputMillisOrDefault());
    }

    private String render(String template) {
        return Templates.render(template, variables);
    }
}
