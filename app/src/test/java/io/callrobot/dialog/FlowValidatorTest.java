package io.callrobot.dialog;

import io.callrobot.dialog.tools.ToolCallBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class FlowValidatorTest {

    private static final String HEAD = """
            name: t
            language: zh-CN
            start: ask
            nodes:
            """;

    private static FlowException problems(String nodes) {
        Throwable thrown = catchThrowable(() -> TestFlows.parse(HEAD + nodes));
        assertThat(thrown).isInstanceOf(FlowException.class);
        return (FlowException) thrown;
    }

    private static final String BYE = """
              bye:
                say: 再见
                hangup: {result: done}
            """;

    @Test
    void toolLimitsMustBeAtLeastOneAndBoundTheCallsBudget() {
        Throwable thrown = catchThrowable(() -> TestFlows.parse("toolLimits: {maxCallsPerCall: 0, maxConcurrentHttp: -1}\n"
                + HEAD + """
              ask:
                say: 你好
                hangup: {result: done}
            """));
        assertThat(thrown).isInstanceOf(FlowException.class)
                .hasMessageContaining("toolLimits.maxCallsPerCall: must be at least 1, not 0")
                .hasMessageContaining("toolLimits.maxConcurrentHttp: must be at least 1, not -1");
        ToolCallBudget budget = TestFlows.parse("toolLimits: {maxCallsPerCall: 2, maxConcurrentHttp: 1}\n" + HEAD + """
              ask:
                say: 你好
                hangup: {result: done}
            """).toolBudget();
        assertThat(budget.admitHttp()).isEqualTo(ToolCallBudget.Admission.ADMITTED);
        assertThat(budget.admitHttp()).isEqualTo(ToolCallBudget.Admission.TOO_MANY_AT_ONCE);
        assertThat(budget.admit()).isEqualTo(ToolCallBudget.Admission.ADMITTED);
        assertThat(budget.admit()).isEqualTo(ToolCallBudget.Admission.CALLS_USED_UP);
    }

    @Test
    void aSummaryNeedsItsPromptAndAPositiveLimit() {
        Throwable thrown = catchThrowable(() -> TestFlows.parse("summary: {maxTokens: 0}\n" + HEAD + """
              ask:
                say: 你好
            """));
        assertThat(thrown).isInstanceOf(FlowException.class)
                .hasMessageContaining("summary.prompt: is required")
                .hasMessageContaining("summary.maxTokens: must be positive");
        assertThat(TestFlows.parse("summary: {prompt: 总结}\n" + HEAD + """
              ask:
                say: 你好
                hangup: {result: done}
            """).summary().prompt()).isEqualTo("总结");
    }

    @Test
    void validFlowLoads() {
        Flow flow = TestFlows.parse(HEAD + """
              ask:
                say: 你好
                intents: [{keywords: [好], goto: bye}]
            """ + BYE);
        assertThat(flow.nodes()).containsOnlyKeys("ask", "bye");
    }

    @Test
    void bargeInIsWrittenAsFlagModeOrSettingsAndNodesOverrideTheFlow() {
        Flow flow = TestFlows.parse("""
                name: t
                language: zh-CN
                start: ask
                defaults:
                  bargeIn: {mode: words, ignore: [嗯, 收到]}
                nodes:
                  ask:
                    say: 你好
                    bargeIn: {minSpeechMillis: 300}
                    intents: [{keywords: [好], goto: legal}]
                  legal:
                    say: 本次通话可能会被录音
                    bargeIn: false
                    next: vad
                  vad:
                    say: 请讲
                    bargeIn: vad
                    next: bye
                """ + BYE);
        assertThat(flow.defaults().bargeIn()).isEqualTo(new BargeIn(BargeIn.Mode.WORDS, null, java.util.List.of("嗯", "收到")));
        assertThat(flow.nodes().get("ask").bargeIn().over(flow.defaults().bargeIn()))
                .isEqualTo(new BargeIn(BargeIn.Mode.WORDS, 300, java.util.List.of("嗯", "收到")));
        assertThat(flow.nodes().get("legal").bargeIn()).isEqualTo(BargeIn.DISABLED);
        assertThat(flow.nodes().get("vad").bargeIn().mode()).isEqualTo(BargeIn.Mode.VAD);
    }

    @Test
    void badBargeInSettingsAreNamed() {
        FlowException e = problems("""
              ask:
                say: 你好
                bargeIn: {minSpeechMillis: -5, ignore: [" "]}
                intents: [{keywords: [好], goto: bye}]
            """ + BYE);
        assertThat(e.problems()).contains(
                "test-flow.yaml: node 'ask' bargeIn.minSpeechMillis: must not be negative",
                "test-flow.yaml: node 'ask' bargeIn.ignore: has an empty word");
        Throwable unknown = catchThrowable(() -> TestFlows.parse(HEAD + """
              ask:
                say: 你好
                bargeIn: sometimes
                intents: [{keywords: [好], goto: bye}]
            """ + BYE));
        assertThat(unknown).hasMessageContaining("barge-in mode must be disabled, vad or words, was 'sometimes'");
    }

    @Test
    void unknownStartNode() {
        Throwable e = catchThrowable(() -> TestFlows.parse("""
                name: t
                language: zh-CN
                start: nowhere
                nodes:
                  bye: {say: 再见, hangup: {result: done}}
                """));
        assertThat(((FlowException) e).problems())
                .contains("test-flow.yaml: start: unknown node 'nowhere'");
    }

    @Test
    void gotoAndNextToUnknownNodes() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents: [{name: yes, keywords: [好], goto: missing}]
                noInput: {then: {goto: gone}}
            """ + BYE.replace("hangup: {result: done}", "next: elsewhere"));
        assertThat(e.problems()).contains(
                "test-flow.yaml: node 'ask' intents[0] (yes).goto: unknown node 'missing'",
                "test-flow.yaml: node 'ask' noInput.then.goto: unknown node 'gone'",
                "test-flow.yaml: node 'bye' next: unknown node 'elsewhere'");
    }

    @Test
    void unreachableNode() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents: [{keywords: [好], goto: bye}]
              orphan:
                say: 没人来
                hangup: {result: x}
            """ + BYE);
        assertThat(e.problems()).containsExactly("test-flow.yaml: node 'orphan': unreachable from start node 'ask'");
    }

    @Test
    void nodeWithNeitherSayNorLlm() {
        FlowException e = problems("""
              ask:
                intents: [{keywords: [好], goto: bye}]
            """ + BYE);
        assertThat(e.problems()).containsExactly("test-flow.yaml: node 'ask' say: node has neither 'say' nor 'llm'");
    }

    @Test
    void invalidRegex() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents: [{regex: "(unclosed", goto: bye}]
            """ + BYE);
        assertThat(e.problems()).singleElement().asString()
                .startsWith("test-flow.yaml: node 'ask' intents[0].regex: invalid regex")
                .contains("(unclosed");
    }

    @Test
    void unknownKeyNamesNodeAndField() {
        assertThatThrownBy(() -> TestFlows.parse(HEAD + """
              ask:
                say: 你好
                intents: [{keywords: [好], goto: bye, sya: 拼错了}]
            """ + BYE))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("test-flow.yaml: node 'ask' intents[0]: unknown field 'sya'");
    }

    @Test
    void unknownTopLevelKey() {
        assertThatThrownBy(() -> TestFlows.parse("voise: x\n" + HEAD + BYE))
                .hasMessageContaining("test-flow.yaml: top level: unknown field 'voise'");
    }

    @Test
    void wrongTypeNamesField() {
        assertThatThrownBy(() -> TestFlows.parse(HEAD + """
              ask:
                say: 你好
                bargeIn: maybe
                next: bye
            """ + BYE))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("test-flow.yaml: node 'ask' bargeIn:");
    }

    @Test
    void emptyKeywords() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents:
                  - {keywords: ["", "。"], goto: bye}
                  - {keywords: [], goto: bye}
            """ + BYE);
        assertThat(e.problems()).containsExactly(
                "test-flow.yaml: node 'ask' intents[0].keywords: empty keyword ''",
                "test-flow.yaml: node 'ask' intents[0].keywords: empty keyword '。'",
                "test-flow.yaml: node 'ask' intents[1]: needs keywords, regex or dtmf");
    }

    @Test
    void duplicateDtmfInOneNode() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents:
                  - {name: a, dtmf: "1", goto: bye}
                  - {name: b, dtmf: "1", goto: bye}
            """ + BYE);
        assertThat(e.problems()).containsExactly(
                "test-flow.yaml: node 'ask' intents[1] (b).dtmf: digits '1' already used by intents[0]");
    }

    @Test
    void llmNodeNeedsFallbackAndNext() {
        FlowException e = problems("""
              ask:
                llm: {system: 你是助手}
                intents: [{keywords: [再见], goto: bye}]
            """ + BYE);
        assertThat(e.problems()).containsExactly(
                "test-flow.yaml: node 'ask' llm.fallback: is required (spoken when the LLM fails)",
                "test-flow.yaml: node 'ask' llm.next: is required (where to go after maxTurns answers)");
    }

    @Test
    void stuckAndLoopingNodes() {
        FlowException e = problems("""
              ask:
                say: 你好
                next: again
              again:
                say: 又是你
                next: ask
              stuck:
                say: 我只会说话
            """);
        assertThat(e.problems()).contains(
                "test-flow.yaml: node 'stuck' intents: node listens but has no intents or llm, and no next/hangup/transfer",
                "test-flow.yaml: node 'ask' next: loops back without listening: ask -> again -> ask");
    }

    @Test
    void malformedPlaceholderAndLanguage() {
        FlowException e = problems("""
              ask:
                say: 你好${name
                next: bye
            """ + BYE);
        assertThat(e.problems()).containsExactly(
                "test-flow.yaml: node 'ask' say[0]: malformed placeholder '${name' (use ${name} or ${name:-default})");
        Throwable lang = catchThrowable(() -> TestFlows.parse(
                HEAD.replace("zh-CN", "fr-FR") + "  ask: {say: hi, hangup: {result: x}}\n"));
        assertThat(lang).hasMessageContaining("test-flow.yaml: language: must be one of [");
    }

    @Test
    void allProblemsInOneMessage() {
        FlowException e = problems("""
              ask:
                say: 你好
                intents:
                  - {regex: "[", goto: nowhere}
              orphan:
                llm: {system: s, fallback: f, next: ask}
                intents: [{dtmf: "x", goto: ask}]
            """);
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).startsWith("4 problems in call flows:")
                .contains("intents[0].regex", "intents[0].goto", "'orphan': unreachable", "intents[0].dtmf");
    }

    @Test
    void llmToolsAreChecked() {
        FlowException e = problems("""
                  ask:
                    say: hello
                    llm:
                      system: be brief
                      fallback: sorry
                      next: bye
                      tools: [end_call, transfer, goto, record_fields, fly]
                      maxToolCalls: 0
                      goto: {nodes: [bye, nowhere]}
                      record_fields:
                        schema:
                          promise_date: {type: string, format: day}
                          amount: {type: money}
                        required: [callback_time]
                """ + BYE);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "test-flow.yaml: node 'ask' llm.tools: unknown tool 'fly' (built-in: [end_call, transfer, goto, set_variable, record_fields, send_dtmf], httpTools: [])",
                "test-flow.yaml: node 'ask' llm.maxToolCalls: must be at least 1",
                "test-flow.yaml: node 'ask' llm.transfer.allowed: lists no destination (the model may only transfer to these)",
                "test-flow.yaml: node 'ask' llm.goto.nodes: unknown node 'nowhere'",
                "test-flow.yaml: node 'ask' llm.record_fields: promise_date: format must be one of [date, date-time, time], was \"day\"",
                "test-flow.yaml: node 'ask' llm.record_fields: amount: type must be one of [array, boolean, integer, number, object, string], was \"money\"",
                "test-flow.yaml: node 'ask' llm.record_fields: required names 'callback_time', which is not among its properties");
    }

    @Test
    void httpToolsAreEnabledByNameAndMayNotTakeABuiltInName() {
        String flow = """
                name: t
                language: zh-CN
                start: ask
                httpTools:
                  - name: lookup_order
                    description: 查询订单
                    parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                    url: https://crm.example/orders/{order_id}
                  - name: end_call
                    description: 冒名
                    parameters: {type: object}
                    url: https://crm.example/end
                nodes:
                  ask:
                    say: hello
                    llm:
                      system: be brief
                      fallback: sorry
                      next: bye
                      tools: [lookup_order, lookup_ordr]
                """ + BYE;
        Throwable thrown = catchThrowable(() -> TestFlows.parse(flow));
        assertThat(((FlowException) thrown).problems()).containsExactlyInAnyOrder(
                "test-flow.yaml: httpTools: tool 'end_call' has the name of a built-in tool; rename it",
                "test-flow.yaml: node 'ask' llm.tools: unknown tool 'lookup_ordr' (built-in: [end_call, transfer, goto,"
                        + " set_variable, record_fields, send_dtmf], httpTools: [lookup_order, end_call])");

        Flow valid = TestFlows.parse(flow.replace(", lookup_ordr", "").replace("name: end_call", "name: cancel_order"));
        assertThat(valid.httpToolSpecs()).extracting(s -> s.name()).containsExactly("lookup_order", "cancel_order");
    }

    @Test
    void toolOptionsWithoutTheToolAreAMistake() {
        FlowException e = problems("""
                  ask:
                    say: hello
                    llm:
                      system: be brief
                      fallback: sorry
                      next: bye
                      tools: [end_call]
                      transfer: {allowed: ["8001"]}
                """ + BYE);
        assertThat(e.problems()).containsExactly(
                "test-flow.yaml: node 'ask' llm.transfer: options given but 'transfer' is not in llm.tools");
    }

    @Test
    void goToolTargetsAreReachable() {
        Flow flow = TestFlows.parse(HEAD + """
                  ask:
                    say: hello
                    llm:
                      system: be brief
                      fallback: sorry
                      next: bye
                      tools: [goto]
                      goto: {nodes: [menu]}
                  menu:
                    say: press 1
                    hangup: {result: menu}
                  bye:
                    say: bye
                    hangup: {result: done}
                """);
        assertThat(flow.nodes().get("ask").llm().gotoTool().nodes()).containsExactly("menu");
    }
}
