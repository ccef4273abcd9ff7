package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the {@link FlowGraph} of a flow, valid or not, with the transitions {@link FlowDialog} takes. */
final class FlowGraphs {

    private final Flow flow;
    /** The built-in tool that moves the call to one of the node's {@code goto.nodes}. */
    private static final String GOTO_TOOL = "goto";

    private final List<FlowGraph.Edge> edges = new ArrayList<>();

    private FlowGraphs(Flow flow) {
        this.flow = flow;
    }

    /**
     * @param source   the name the problems start with (as given to {@link FlowValidator#validate})
     * @param problems the validator's problems of {@code flow}
     */
    static FlowGraph of(Flow flow, String source, List<String> problems) {
        return new FlowGraphs(flow).build(source, problems);
    }

    private FlowGraph build(String source, List<String> problems) {
        List<FlowGraph.Node> nodes = new ArrayList<>();
        flow.nodes().forEach((id, node) -> nodes.add(node == null
                ? new FlowGraph.Node(id, FlowGraph.Kind.EMPTY, List.of(), List.of(), null)
                : node(id, node)));
        boolean usesLlm = flow.nodes().values().stream().anyMatch(n -> n != null && n.llm() != null);
        return new FlowGraph(flow.name(), flow.language(), flow.start(), usesLlm, nodes, edges,
                variables(), problems(source, problems));
    }

    private FlowGraph.Node node(String id, Flow.Node node) {
        List<FlowGraph.Intent> intents = new ArrayList<>();
        FlowGraph.Exit exit = null;
        FlowGraph.Kind kind;
        if (node.hangup() != null) {
            kind = FlowGraph.Kind.HANGUP;
            exit = hangup(node.hangup());
        } else if (node.transfer() != null) {
            kind = FlowGraph.Kind.TRANSFER;
            exit = transfer(node.transfer());
        } else if (node.next() != null) {
            kind = FlowGraph.Kind.SAY;
            edges.add(new FlowGraph.Edge(id, node.next(), FlowGraph.Trigger.NEXT, null, null, null, null));
        } else {
            kind = node.llm() != null ? FlowGraph.Kind.LLM : FlowGraph.Kind.LISTEN;
        }
        for (Flow.Intent intent : node.intents()) {
            if (intent == null) {
                continue;
            }
            intents.add(new FlowGraph.Intent(intent.name(), intent.keywords(), intent.regex(), intent.dtmf()));
            action(id, intent.action(), FlowGraph.Trigger.INTENT, intent.name(), intent.dtmf());
        }
        if (kind == FlowGraph.Kind.LISTEN || kind == FlowGraph.Kind.LLM) {
            // FlowDialog.retry: reprompts within the retries, then the handler's action or a hangup
            handler(id, "noInput", node.noInput(), FlowGraph.Trigger.NO_INPUT, "no_response");
            handler(id, "noMatch", node.noMatch(), FlowGraph.Trigger.NO_MATCH, "no_match");
        }
        if (node.llm() != null && node.llm().next() != null) {
            edges.add(new FlowGraph.Edge(id, node.llm().next(), FlowGraph.Trigger.LLM_TURNS, null, null,
                    node.llm().maxTurnsOrDefault(), null));
        }
        if (node.llm() != null && node.llm().tools().contains(GOTO_TOOL) && node.llm().gotoTool() != null) {
            for (String target : node.llm().gotoTool().nodes()) {
                edges.add(new FlowGraph.Edge(id, target, FlowGraph.Trigger.TOOL, GOTO_TOOL, null, null, null));
            }
        }
        return new FlowGraph.Node(id, kind, node.say(), intents, exit);
    }

    private void handler(String id, String name, Flow.Handler handler, FlowGraph.Trigger trigger, String result) {
        Flow.Handler h = handler == null ? Flow.Handler.NONE : handler;
        int retries = h.retries() == null ? flow.defaults().maxRetriesOrDefault() : h.retries();
        if (retries > 0) {
            edges.add(new FlowGraph.Edge(id, id, FlowGraph.Trigger.RETRY, name, null, retries, null));
        }
        action(id, h.then() != null ? h.then() : new Flow.Action(null, null, new Flow.Hangup(result, null), null),
                trigger, null, null);
    }

    /** An action's edge: to its goto node, out of the call, or back to the node when it only speaks. */
    private void action(String from, Flow.Action action, FlowGraph.Trigger trigger, String label, String dtmf) {
        if (action.gotoNode() != null) {
            edges.add(new FlowGraph.Edge(from, action.gotoNode(), trigger, label, dtmf, null, null));
        } else if (action.hangup() != null) {
            edges.add(new FlowGraph.Edge(from, null, trigger, label, dtmf, null, hangup(action.hangup())));
        } else if (action.transfer() != null) {
            edges.add(new FlowGraph.Edge(from, null, trigger, label, dtmf, null, transfer(action.transfer())));
        } else {
            edges.add(new FlowGraph.Edge(from, from, trigger, label, dtmf, null, null));
        }
    }

    private static FlowGraph.Exit hangup(Flow.Hangup hangup) {
        return new FlowGraph.Exit(false, hangup.result(), hangup.causeOrDefault());
    }

    private static FlowGraph.Exit transfer(Flow.Transfer transfer) {
        return new FlowGraph.Exit(true, transfer.result(), transfer.to());
    }

    private List<FlowGraph.Variable> variables() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String template : flow.templates()) {
            Templates.defaults(template).forEach((name, value) -> {
                if (defaults.get(name) == null) {
                    defaults.put(name, value);
                }
            });
        }
        List<FlowGraph.Variable> variables = new ArrayList<>();
        defaults.forEach((name, value) -> variables.add(new FlowGraph.Variable(name, value)));
        return variables;
    }

    /** FlowValidator writes each problem as {@code <source>: node '<id>' <field>: <what>} when it concerns a node. */
    private static List<FlowGraph.Problem> problems(String source, List<String> problems) {
        Pattern node = Pattern.compile("^" + Pattern.quote(source) + ": node '([^']*)'");
        List<FlowGraph.Problem> out = new ArrayList<>();
        for (String problem : problems) {
            Matcher m = node.matcher(problem);
            out.add(new FlowGraph.Problem(m.find() ? m.group(1) : null, problem));
        }
        return out;
    }
}
