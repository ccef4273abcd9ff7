package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every reply a flow can speak from its script, worked out the way {@link FlowDialog} builds them:
 * the start node's entry, each intent's and handler's action (its words, then the prompts of the
 * nodes it enters), each reprompt, and the LLM fallback. A plan whose segments change options is
 * spoken as several replies, as the dialog does. LLM answers are not scripted and are left out.
 */
final class ScriptedReplies {

    private final Flow flow;
    private final FlowInfo info;
    private final Set<ScriptedReply> replies = new LinkedHashSet<>();

    private ScriptedReplies(Flow flow, FlowInfo info) {
        this.flow = flow;
        this.info = info;
    }

    static List<ScriptedReply> of(Flow flow, FlowInfo info) {
        ScriptedReplies walk = new ScriptedReplies(flow, info);
        walk.collect();
        return List.copyOf(walk.replies);
    }

    private void collect() {
        List<ReplyPlan.Segment> start = new ArrayList<>();
        enter(start, flow.start());
        add(start);
        for (Flow.Node node : flow.nodes().values()) {
            for (Flow.Intent intent : node.intents()) {
                add(act(node, intent.action()));
            }
            retries(node, node.noInput());
            retries(node, node.noMatch());
            if (node.llm() != null) {
                if (node.llm().fallback() != null) {
                    add(List.of(new ReplyPlan.Segment(options(node), node.llm().fallback())));
                }
                List<ReplyPlan.Segment> after = new ArrayList<>();
                enter(after, node.llm().next());
                add(after);
            }
        }
    }

    /** Reprompts as {@code FlowDialog.retry} picks them, then the handler's final action. */
    private void retries(Flow.Node node, Flow.Handler handler) {
        Flow.Handler h = handler == null ? Flow.Handler.NONE : handler;
        int allowed = h.retries() == null ? flow.defaults().maxRetriesOrDefault() : h.retries();
        List<String> prompts = h.say().isEmpty() ? node.say() : h.say();
        for (int count = 1; count <= allowed && !prompts.isEmpty(); count++) {
            int index = h.say().isEmpty() ? count : count - 1;
            add(List.of(new ReplyPlan.Segment(options(node), prompts.get(Math.min(index, prompts.size() - 1)))));
        }
        if (h.then() != null) {
            add(act(node, h.then()));
        }
    }

    private List<ReplyPlan.Segment> act(Flow.Node node, Flow.Action action) {
        List<ReplyPlan.Segment> plan = new ArrayList<>();
        if (action.say() != null) {
            plan.add(new ReplyPlan.Segment(options(node), action.say()));
        }
        if (action.gotoNode() != null) {
            enter(plan, action.gotoNode());
        }
        return plan;
    }

    /** A node's first prompt, then the nodes it moves on to (the validator rejects cycles of {@code next}). */
    private void enter(List<ReplyPlan.Segment> plan, String name) {
        Flow.Node node = flow.nodes().get(name);
        if (node == null) {
            return;
        }
        if (!node.say().isEmpty()) {
            plan.add(new ReplyPlan.Segment(options(node), node.say().get(0)));
        }
        Flow.Action pass = node.passThrough();
        if (pass != null && pass.gotoNode() != null) {
            enter(plan, pass.gotoNode());
        }
    }

    /** Splits a plan where the options change, as {@code FlowDialog.finish} does. */
    private void add(List<ReplyPlan.Segment> plan) {
        int from = 0;
        while (from < plan.size()) {
            ReplyOptions options = plan.get(from).options();
            List<String> segments = new ArrayList<>();
            int i = from;
            for (; i < plan.size() && plan.get(i).options().equals(options); i++) {
                segments.add(plan.get(i).text());
            }
            replies.add(new ScriptedReply(info, options, segments));
            from = i;
        }
    }

    private ReplyOptions options(Flow.Node node) {
        return FlowDialog.options(flow, node);
    }
}
