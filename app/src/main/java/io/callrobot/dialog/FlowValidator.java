package io.callrobot.dialog;

import io.callrobot.dialog.schema.JsonSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a parsed flow and lists its problems, each naming the file, node and field. */
final class FlowValidator {

    static final Set<String> LANGUAGES = Set.of("zh-CN", "en-US");

    private final String source;
    private final Flow flow;
    private final List<String> problems = new ArrayList<>();

    private FlowValidator(String source, Flow flow) {
        this.source = source;
        this.flow = flow;
    }

    /** All problems of {@code flow}, read from {@code source}; empty when it is valid. */
    static List<String> validate(String source, Flow flow) {
        FlowValidator v = new FlowValidator(source, flow);
        v.run();
        return v.problems;
    }

    private void run() {
        if (blank(flow.name())) {
            problem("name", "is required");
        }
        if (!LANGUAGES.contains(flow.language())) {
            problem("language", "must be one of " + LANGUAGES + ", was " + flow.language());
        }
        Flow.Defaults d = flow.defaults();
        if (d.noInputMillis() != null && d.noInputMillis() <= 0) {
            problem("defaults.noInputMillis", "must be positive");
        }
        if (d.maxRetries() != null && d.maxRetries() < 0) {
            problem("defaults.maxRetries", "must not be negative");
        }
        bargeIn("defaults.bargeIn", d.bargeIn());
        checkAmd(flow.amd());
        for (String tool : flow.httpToolNames()) {
            if (BuiltinTools.NAMES.contains(tool)) {
                problem("httpTools", "tool '" + tool + "' has the name of a built-in tool; rename it");
            }
        }
        checkSummary(flow.summary());
        checkToolLimits(flow.toolLimits());
        if (flow.nodes().isEmpty()) {
            problem("nodes", "no nodes defined");
            return;
        }
        if (blank(flow.start())) {
            problem("start", "is required");
        } else if (!flow.nodes().containsKey(flow.start())) {
            problem("start", "unknown node '" + flow.start() + "'");
        }
        flow.nodes().forEach((name, node) -> {
            if (node == null) {
                problem(at(name, ""), "is empty");
            } else {
                checkNode(name, node);
            }
        });
        checkReachable();
        checkPassThroughLoops();
    }

    private void checkNode(String name, Flow.Node node) {
        if (node.say().isEmpty() && node.llm() == null) {
            problem(at(name, "say"), "node has neither 'say' nor 'llm'");
        }
        for (int i = 0; i < node.say().size(); i++) {
            template(at(name, "say[" + i + "]"), node.say().get(i));
        }
        if (node.speed() != null && !(node.speed() > 0)) {
            problem(at(name, "speed"), "must be positive");
        }
        bargeIn(at(name, "bargeIn"), node.bargeIn());
        int moves = count(node.next(), node.hangup(), node.transfer());
        if (moves > 1) {
            problem(at(name, "next"), "only one of next, hangup, transfer may be given");
        }
        target(at(name, "next"), node.next());
        hangup(at(name, "hangup"), node.hangup());
        transfer(at(name, "transfer"), node.transfer());
        if (moves > 0 && (!node.intents().isEmpty() || node.llm() != null)) {
            problem(at(name, "next"), "a node that moves on after its prompt cannot also listen (intents/llm)");
        }
        if (moves == 0 && node.intents().isEmpty() && node.llm() == null) {
            problem(at(name, "intents"), "node listens but has no intents or llm, and no next/hangup/transfer");
        }
        checkIntents(name, node.intents());
        handler(name, "noInput", node.noInput());
        handler(name, "noMatch", node.noMatch());
        if (node.llm() != null) {
            checkLlm(name, node.llm());
        }
    }

    private void bargeIn(String where, BargeIn bargeIn) {
        if (bargeIn == null) {
            return;
        }
        if (bargeIn.minSpeechMillis() != null && bargeIn.minSpeechMillis() < 0) {
            problem(where + ".minSpeechMillis", "must not be negative");
        }
        if (bargeIn.ignore() != null && bargeIn.ignore().stream().anyMatch(w -> w == null || w.isBlank())) {
            problem(where + ".ignore", "has an empty word");
        }
    }

    private void checkIntents(String node, List<Flow.Intent> intents) {
        Map<String, Integer> digits = new HashMap<>();
        for (int i = 0; i < intents.size(); i++) {
            Flow.Intent intent = intents.get(i);
            String where = "intents[" + i + "]";
            if (intent == null) {
                problem(at(node, where), "is empty");
                continue;
            }
            where += intent.label();
            if (intent.keywords().isEmpty() && intent.regex() == null && intent.dtmf() == null) {
                problem(at(node, where), "needs keywords, regex or dtmf");
            }
            for (String keyword : intent.keywords()) {
                if (keyword == null || IntentMatcher.compact(keyword).isEmpty()) {
                    problem(at(node, where + ".keywords"), "empty keyword '" + keyword + "'");
                }
            }
            if (intent.regex() != null) {
                try {
                    Pattern.compile(intent.regex());
                } catch (PatternSyntaxException e) {
                    problem(at(node, where + ".regex"), "invalid regex: " + e.getDescription()
                            + " near index " + e.getIndex() + " in '" + intent.regex() + "'");
                }
            }
            if (intent.dtmf() != null) {
                if (!intent.dtmf().matches("[0-9*#A-D]+")) {
                    problem(at(node, where + ".dtmf"), "digits must be 0-9, *, #, A-D, was '" + intent.dtmf() + "'");
                }
                Integer earlier = digits.putIfAbsent(intent.dtmf(), i);
                if (earlier != null) {
                    problem(at(node, where + ".dtmf"), "digits '" + intent.dtmf()
                            + "' already used by intents[" + earlier + "]");
                }
            }
            action(at(node, where), intent.action(), false);
        }
    }

    private void handler(String node, String field, Flow.Handler handler) {
        if (handler == null) {
            return;
        }
        for (int i = 0; i < handler.say().size(); i++) {
            template(at(node, field + ".say[" + i + "]"), handler.say().get(i));
        }
        if (handler.retries() != null && handler.retries() < 0) {
            problem(at(node, field + ".retries"), "must not be negative");
        }
        if (handler.then() != null) {
            action(at(node, field + ".then"), handler.then(), true);
        }
    }

    private void action(String where, Flow.Action action, boolean mustMove) {
        int moves = count(action.gotoNode(), action.hangup(), action.transfer());
        if (moves > 1) {
            problem(where, "only one of goto, hangup, transfer may be given");
        }
        if (moves == 0 && (mustMove || action.say() == null)) {
            problem(where, mustMove ? "needs goto, hangup or transfer" : "needs say, goto, hangup or transfer");
        }
        if (action.say() != null) {
            template(where + ".say", action.say());
        }
        target(where + ".goto", action.gotoNode());
        hangup(where + ".hangup", action.hangup());
        transfer(where + ".transfer", action.transfer());
    }

    private void checkLlm(String node, Flow.Llm llm) {
        if (blank(llm.system())) {
            problem(at(node, "llm.system"), "is required");
        } else {
            template(at(node, "llm.system"), llm.system());
        }
        if (blank(llm.fallback())) {
            problem(at(node, "llm.fallback"), "is required (spoken when the LLM fails)");
        } else {
            template(at(node, "llm.fallback"), llm.fallback());
        }
        if (llm.firstTokenTimeoutMillis() != null && llm.firstTokenTimeoutMillis() <= 0) {
            problem(at(node, "llm.firstTokenTimeoutMillis"), "must be positive");
        }
        if (llm.maxTurns() != null && llm.maxTurns() < 1) {
            problem(at(node, "llm.maxTurns"), "must be at least 1");
        }
        if (llm.next() == null) {
            problem(at(node, "llm.next"), "is required (where to go after maxTurns answers)");
        }
        target(at(node, "llm.next"), llm.next());
        checkTools(node, llm);
    }

    private void checkTools(String node, Flow.Llm llm) {
        Set<String> enabled = new HashSet<>();
        List<String> http = flow.httpToolNames();
        for (String tool : llm.tools()) {
            if (!BuiltinTools.NAMES.contains(tool) && !http.contains(tool)) {
                problem(at(node, "llm.tools"), "unknown tool '" + tool + "' (built-in: " + BuiltinTools.NAMES
                        + ", httpTools: " + http + ")");
            } else if (!enabled.add(tool)) {
                problem(at(node, "llm.tools"), "tool '" + tool + "' is listed twice");
            }
        }
        if (llm.maxToolCalls() != null && llm.maxToolCalls() < 1) {
            problem(at(node, "llm.maxToolCalls"), "must be at least 1");
        }
        options(node, "end_call", llm.endCall(), enabled);
        options(node, "transfer", llm.transfer(), enabled);
        options(node, "goto", llm.gotoTool(), enabled);
        options(node, "record_fields", llm.recordFields(), enabled);
        if (enabled.contains("transfer")) {
            Flow.TransferTool transfer = llm.transfer();
            if (transfer == null || transfer.allowed().isEmpty()) {
                problem(at(node, "llm.transfer.allowed"), "lists no destination (the model may only transfer to these)");
            } else {
                for (int i = 0; i < transfer.allowed().size(); i++) {
                    String to = transfer.allowed().get(i);
                    if (blank(to)) {
                        problem(at(node, "llm.transfer.allowed[" + i + "]"), "is empty");
                    } else {
                        template(at(node, "llm.transfer.allowed[" + i + "]"), to);
                    }
                }
            }
        }
        if (enabled.contains("end_call") && llm.endCall() != null) {
            if (llm.endCall().results().stream().anyMatch(FlowValidator::blank)) {
                problem(at(node, "llm.end_call.results"), "has an empty result");
            }
        }
        if (enabled.contains("goto")) {
            if (llm.gotoTool() == null || llm.gotoTool().nodes().isEmpty()) {
                problem(at(node, "llm.goto.nodes"), "lists no node (the model may only go to these)");
            } else {
                for (String target : llm.gotoTool().nodes()) {
                    target(at(node, "llm.goto.nodes"), target);
                }
            }
        }
        if (enabled.contains("record_fields")) {
            Flow.RecordFieldsTool fields = llm.recordFields();
            if (fields == null || fields.schema().isEmpty()) {
                problem(at(node, "llm.record_fields.schema"), "declares no field");
            } else {
                for (String problem : JsonSchema.STRICT.problems(BuiltinTools.recordFieldsSchema(fields))) {
                    problem(at(node, "llm.record_fields"), problem.replaceFirst("^schema: ", ""));
                }
            }
        }
    }

    /** Options for a tool the node does not enable are a mistake, not a silent no-op. */
    private void options(String node, String tool, Object options, Set<String> enabled) {
        if (options != null && !enabled.contains(tool)) {
            problem(at(node, "llm." + tool), "options given but '" + tool + "' is not in llm.tools");
        }
    }

    private void hangup(String where, Flow.Hangup hangup) {
        if (hangup != null && blank(hangup.result())) {
            problem(where + ".result", "is required");
        }
        // switch_channel_str2cause (src/switch_channel.c) silently maps unknown names to UNALLOCATED.
        if (hangup != null && hangup.cause() != null && !hangup.cause().matches("[A-Z_]+")) {
            problem(where + ".cause", "must be a FreeSWITCH cause name such as NORMAL_CLEARING");
        }
    }

    private void transfer(String where, Flow.Transfer transfer) {
        if (transfer == null) {
            return;
        }
        if (blank(transfer.to())) {
            problem(where + ".to", "is required");
        } else {
            template(where + ".to", transfer.to());
        }
        if (blank(transfer.result())) {
            problem(where + ".result", "is required");
        }
    }

    private void target(String where, String node) {
        if (node != null && !flow.nodes().containsKey(node)) {
            problem(where, "unknown node '" + node + "'");
        }
    }

    private void checkToolLimits(Flow.ToolLimits limits) {
        if (limits == null) {
            return;
        }
        if (limits.maxCallsPerCall() != null && limits.maxCallsPerCall() < 1) {
            problem("toolLimits.maxCallsPerCall", "must be at least 1, not " + limits.maxCallsPerCall());
        }
        if (limits.maxConcurrentHttp() != null && limits.maxConcurrentHttp() < 1) {
            problem("toolLimits.maxConcurrentHttp", "must be at least 1, not " + limits.maxConcurrentHttp());
        }
    }

    private void checkSummary(Flow.Summary summary) {
        if (summary == null) {
            return;
        }
        if (blank(summary.prompt())) {
            problem("summary.prompt", "is required: the instruction for the LLM");
        }
        if (summary.maxTokens() != null && summary.maxTokens() <= 0) {
            problem("summary.maxTokens", "must be positive");
        }
    }

    private void checkAmd(Flow.Amd amd) {
        if (amd == null) {
            return;
        }
        boolean leavesMessage = false;
        for (var e : amd.written().entrySet()) {
            try {
                leavesMessage |= AmdPolicy.Action.parse(e.getValue()) == AmdPolicy.Action.LEAVE_MESSAGE;
            } catch (IllegalArgumentException ex) {
                problem("amd." + e.getKey().wireName(), ex.getMessage());
            }
        }
        if (amd.voicemail() != null) {
            template("amd.voicemail", amd.voicemail());
        } else if (leavesMessage) {
            problem("amd.voicemail", "is required when a verdict is leave_message (the message to leave)");
        }
    }

    private void template(String where, String text) {
        if (text == null) {
            problem(where, "is empty");
            return;
        }
        for (String bad : Templates.malformed(text)) {
            problem(where, "malformed placeholder '" + bad + "' (use ${name} or ${name:-default})");
        }
    }

    private void checkReachable() {
        if (!flow.nodes().containsKey(flow.start())) {
            return;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(flow.start()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Flow.Node node = flow.nodes().get(name);
            if (node == null || !seen.add(name)) {
                continue;
            }
            for (String next : successors(node)) {
                if (flow.nodes().containsKey(next)) {
                    todo.push(next);
                }
            }
        }
        for (String name : flow.nodes().keySet()) {
            if (!seen.contains(name)) {
                problem(at(name, ""), "unreachable from start node '" + flow.start() + "'");
            }
        }
    }

    private static Set<String> successors(Flow.Node node) {
        Set<String> out = new LinkedHashSet<>();
        out.add(node.next());
        for (Flow.Intent intent : node.intents()) {
            if (intent != null) {
                out.add(intent.gotoNode());
            }
        }
        for (Flow.Handler h : new Flow.Handler[] {node.noInput(), node.noMatch()}) {
            if (h != null && h.then() != null) {
                out.add(h.then().gotoNode());
            }
        }
        if (node.llm() != null) {
            out.add(node.llm().next());
            if (node.llm().gotoTool() != null && node.llm().tools().contains("goto")) {
                out.addAll(node.llm().gotoTool().nodes());
            }
        }
        out.remove(null);
        return out;
    }

    /** Nodes chained by {@code next} never listen: a cycle among them would loop forever. */
    private void checkPassThroughLoops() {
        for (String first : flow.nodes().keySet()) {
            Set<String> chain = new LinkedHashSet<>();
            String name = first;
            while (name != null && chain.add(name)) {
                Flow.Node node = flow.nodes().get(name);
                name = node == null ? null : node.next();
            }
            if (name != null && name.equals(first)) {
                problem(at(first, "next"), "loops back without listening: " + String.join(" -> ", chain) + " -> " + first);
            }
        }
    }

    private static int count(Object... values) {
        int n = 0;
        for (Object v : values) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String at(String node, String field) {
        return "node '" + node + "'" + (field.isEmpty() ? "" : " " + field);
    }

    private void problem(String where, String what) {
        problems.add(source + ": " + where + ": " + what);
    }
}
