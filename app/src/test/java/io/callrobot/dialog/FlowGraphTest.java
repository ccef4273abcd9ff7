package io.callrobot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flow drawn as a graph: every transition FlowDialog can take, with what triggers it. */
class FlowGraphTest {

    private final FlowLibrary library = FlowLibrary.builtIn();

    private static FlowGraph.Edge edge(FlowGraph graph, String from, FlowGraph.Trigger trigger, String label) {
        return graph.edges().stream()
                .filter(e -> e.from().equals(from) && e.trigger() == trigger && java.util.Objects.equals(e.label(), label))
                .findFirst().orElseThrow(() -> new AssertionError("no " + trigger + " edge " + label + " from " + from));
    }

    private static FlowGraph.Node node(FlowGraph graph, String id) {
        return graph.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void thePaymentReminderHasItsIntentsKeysRetriesAndExits() {
        FlowGraph graph = library.graph("payment-reminder-zh");
        assertThat(graph.start()).isEqualTo("disclaimer");
        assertThat(graph.valid()).isTrue();
        assertThat(graph.usesLlm()).isFalse();
        assertThat(graph.nodes()).hasSize(11);

        assertThat(node(graph, "disclaimer").kind()).isEqualTo(FlowGraph.Kind.SAY);
        assertThat(edge(graph, "disclaimer", FlowGraph.Trigger.NEXT, null).to()).isEqualTo("identity");

        FlowGraph.Node identity = node(graph, "identity");
        assertThat(identity.kind()).isEqualTo(FlowGraph.Kind.LISTEN);
        assertThat(identity.prompts().getFirst()).isEqualTo("请问您是${customer_name}本人吗？");
        assertThat(identity.intents()).extracting(FlowGraph.Intent::name).containsExactly("wrong_person", "agent", "confirmed");
        FlowGraph.Edge confirmed = edge(graph, "identity", FlowGraph.Trigger.INTENT, "confirmed");
        assertThat(confirmed.to()).isEqualTo("remind");
        assertThat(confirmed.dtmf()).isEqualTo("1");
        FlowGraph.Edge agent = edge(graph, "identity", FlowGraph.Trigger.INTENT, "agent");
        assertThat(agent.to()).isNull();
        assertThat(agent.exit()).isEqualTo(new FlowGraph.Exit(true, "transfer_agent", "${agent_extension:-8001}"));
        // defaults.maxRetries 2: two reprompts, then the handler's goto or the engine's default hangup
        assertThat(edge(graph, "identity", FlowGraph.Trigger.RETRY, "noInput").retries()).isEqualTo(2);
        assertThat(edge(graph, "identity", FlowGraph.Trigger.NO_INPUT, null).to()).isEqualTo("goodbye_no_response");
        assertThat(edge(graph, "identity", FlowGraph.Trigger.NO_MATCH, null).exit())
                .isEqualTo(new FlowGraph.Exit(false, "no_match", "NORMAL_CLEARING"));

        FlowGraph.Node promise = node(graph, "goodbye_promise");
        assertThat(promise.kind()).isEqualTo(FlowGraph.Kind.HANGUP);
        assertThat(promise.exit().result()).isEqualTo("promise_to_pay");
        assertThat(graph.edges()).noneMatch(e -> e.from().equals("goodbye_promise"));
        // hardship's noInput allows no retry written, so the flow's default applies
        assertThat(edge(graph, "hardship", FlowGraph.Trigger.INTENT, "accepted").to()).isEqualTo("goodbye_installment");

        assertThat(graph.variables()).contains(new FlowGraph.Variable("customer_name", null),
                new FlowGraph.Variable("product", "信用卡"), new FlowGraph.Variable("agent_extension", "8001"));
        assertThat(graph.problems()).isEmpty();
    }

    @Test
    void anLlmNodeLeavesAfterItsTurnsAndAnIntentThatOnlySpeaksStays() {
        FlowGraph graph = library.graph("assistant-zh");
        assertThat(graph.usesLlm()).isTrue();
        assertThat(node(graph, "chat").kind()).isEqualTo(FlowGraph.Kind.LLM);
        FlowGraph.Edge turns = edge(graph, "chat", FlowGraph.Trigger.LLM_TURNS, null);
        assertThat(turns.to()).isEqualTo("goodbye");
        assertThat(turns.retries()).isEqualTo(20);
        // defaults.maxRetries 1
        assertThat(edge(graph, "chat", FlowGraph.Trigger.RETRY, "noInput").retries()).isEqualTo(1);

        FlowGraph speaks = TestFlows.library("""
                name: t
                language: zh-CN
                start: ask
                defaults: {maxRetries: 0}
                nodes:
                  ask:
                    say: 你好
                    intents: [{name: hours, keywords: [几点], say: 九点开门}]
                """).graph("t");
        assertThat(edge(speaks, "ask", FlowGraph.Trigger.INTENT, "hours").to()).isEqualTo("ask");
        assertThat(speaks.edges()).noneMatch(e -> e.trigger() == FlowGraph.Trigger.RETRY);
    }

    @Test
    void anLlmNodesGotoToolHasAToolEdgeToEachNodeItMayReach() {
        Flow flow = new FlowLoader().parse("tools.yaml", new ByteArrayInputStream("""
                name: tools
                language: zh-CN
                start: chat
                nodes:
                  chat:
                    llm:
                      system: 你是客服。
                      fallback: 抱歉，请再说一遍。
                      next: goodbye
                      tools: [goto, end_call]
                      goto: {nodes: [verify, goodbye]}
                  verify:
                    say: 请按1确认。
                    intents: [{name: ok, dtmf: "1", goto: goodbye}]
                  goodbye:
                    say: 再见。
                    hangup: {result: done}
                """.getBytes(StandardCharsets.UTF_8)));
        FlowGraph graph = FlowGraphs.of(flow, "tools.yaml", FlowValidator.validate("tools.yaml", flow));

        assertThat(graph.problems()).isEmpty();
        assertThat(graph.edges()).filteredOn(e -> e.trigger() == FlowGraph.Trigger.TOOL).containsExactly(
                new FlowGraph.Edge("chat", "verify", FlowGraph.Trigger.TOOL, "goto", null, null, null),
                new FlowGraph.Edge("chat", "goodbye", FlowGraph.Trigger.TOOL, "goto", null, null, null));
        assertThat(edge(graph, "chat", FlowGraph.Trigger.LLM_TURNS, null).to()).isEqualTo("goodbye");
        assertThat(FlowGraph.Trigger.TOOL.id()).isEqualTo("tool");
    }

    @Test
    void anLlmNodeWithoutTheGotoToolHasNoToolEdges() {
        assertThat(library.graph("payment-reminder-llm-zh").edges()).noneMatch(e -> e.trigger() == FlowGraph.Trigger.TOOL);
    }

    @Test
    void anInvalidFlowIsDrawnWithEachProblemOnItsNode() {
        Flow flow = new FlowLoader().parse("bad.yaml", new ByteArrayInputStream("""
                name: bad
                language: zh-CN
                start: ask
                nodes:
                  ask:
                    say: 你好
                    intents: [{name: yes, keywords: [是], goto: nowhere}]
                  orphan:
                    say: 没人来
                    hangup: {result: done}
                """.getBytes(StandardCharsets.UTF_8)));
        FlowGraph graph = FlowGraphs.of(flow, "bad.yaml", FlowValidator.validate("bad.yaml", flow));
        assertThat(graph.valid()).isFalse();
        assertThat(graph.problems()).extracting(FlowGraph.Problem::node).containsExactlyInAnyOrder("ask", "orphan");
        assertThat(graph.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown node 'nowhere'"));
        assertThat(edge(graph, "ask", FlowGraph.Trigger.INTENT, "yes").to()).isEqualTo("nowhere");

        Flow noStart = new Flow("x", "xx", null, null, null, java.util.Map.of(), null, null, null, null, null, null);
        FlowGraph empty = FlowGraphs.of(noStart, "x.yaml", FlowValidator.validate("x.yaml", noStart));
        assertThat(empty.problems()).extracting(FlowGraph.Problem::node).containsOnlyNulls();
        assertThat(empty.nodes()).isEqualTo(List.of());
    }
}
