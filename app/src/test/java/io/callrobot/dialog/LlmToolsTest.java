package io.callrobot.dialog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.llm.ChatMessage;
import io.callrobot.llm.LlmRequest;
import io.callrobot.llm.ToolCall;
import io.callrobot.llm.ToolChoice;
import io.callrobot.llm.ToolDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in tools an LLM node enables, run by the dialog as the model calls them. */
class LlmToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NextStep.Listen LISTEN = new NextStep.Listen(6000);
    private static final String FLOW = """
            name: tools
            language: zh-CN
            start: chat
            nodes:
              chat:
                say: 您好，请问您哪天还款？
                llm:
                  system: 你是还款提醒客服。
                  fallback: 抱歉，请再说一遍。
                  next: bye
                  tools: [end_call, transfer, goto, set_variable, record_fields, send_dtmf]
                  maxToolCalls: 4
                  end_call: {results: [promise_to_pay, refused]}
                  transfer: {allowed: ["${agent:-8001}"], result: transfer_agent}
                  goto: {nodes: [plan]}
                  record_fields:
                    schema:
                      promise_date: {type: string, format: date}
                      amount: {type: number, minimum: 0}
              plan:
                say: 好的，为您办理${plan:-还款}。
                hangup: {result: plan_chosen}
              bye:
                say: 再见。
                hangup: {result: done}
            """;

    private CallThread thread;
    private FakeLlm llm;
    private DialogEngine dialog;
    private Conversation call;

    @BeforeEach
    void setUp() throws Exception {
        thread = new CallThread();
        llm = new FakeLlm();
        dialog = new FlowDialogFactory(TestFlows.library(FLOW), "tools", llm)
                .create("call-tools", null, Map.of(), thread.scope());
        call = new Conversation(dialog, thread);
        call.start();
    }

    @AfterEach
    void tearDown() {
        thread.close();
    }

    private static ToolCall tool(String id, String name, String arguments) {
        try {
            return new ToolCall(id, name, arguments, JSON.readTree(arguments), null);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private LlmRequest request(int i) {
        return llm.requests.get(i);
    }

    @Test
    void theRequestDescribesTheEnabledToolsWithTheirSchemas() throws Exception {
        llm.willAnswer("好的。");
        call.say("你好");
        List<ToolDefinition> tools = request(0).tools();
        assertThat(tools).extracting(ToolDefinition::name)
                .containsExactly("end_call", "transfer", "goto", "set_variable", "record_fields", "send_dtmf");
        assertThat(tools.get(0).parameters().at("/properties/result/enum").toString())
                .isEqualTo("[\"promise_to_pay\",\"refused\"]");
        assertThat(tools.get(1).parameters().at("/properties/to/enum").toString()).isEqualTo("[\"8001\"]");
        assertThat(tools.get(4).parameters().at("/properties/promise_date/format").asText()).isEqualTo("date");
        assertThat(tools.get(4).parameters().at("/additionalProperties").asBoolean()).isFalse();
        assertThat(request(0).toolChoice()).isNull();
    }

    @Test
    void recordedFieldsAreAnsweredAndTheModelSpeaksOnInTheSameReply() throws Exception {
        ToolCall record = tool("c1", "record_fields", "{\"promise_date\":\"2026-03-20\",\"amount\":1200}");
        llm.willCall(List.of(record), "好的，");
        llm.willAnswer("我记下了，", "三月二十号还款一千二百元。");
        RecordingSink.Spoken reply = call.say("我下周五还一千二");

        assertThat(reply.text()).isEqualTo("好的，我记下了，三月二十号还款一千二百元。");
        assertThat(reply.next()).isEqualTo(LISTEN);
        assertThat(dialog.fields()).containsOnlyKeys("promise_date", "amount");
        assertThat(dialog.fields().get("promise_date").asText()).isEqualTo("2026-03-20");
        assertThat(dialog.fields().get("amount").asDouble()).isEqualTo(1200);
        assertThat(request(1).messages()).endsWith(
                ChatMessage.user("我下周五还一千二"),
                ChatMessage.assistant("好的，", List.of(record)),
                ChatMessage.tool("c1", "{\"ok\":true,\"recorded\":[\"promise_date\",\"amount\"]}"));

        // the next turn's history keeps the exchange, then what the caller heard
        llm.willAnswer("不客气。");
        call.say("谢谢");
        assertThat(request(2).messages()).endsWith(
                ChatMessage.user("我下周五还一千二"),
                ChatMessage.assistant(null, List.of(record)),
                ChatMessage.tool("c1", "{\"ok\":true,\"recorded\":[\"promise_date\",\"amount\"]}"),
                ChatMessage.assistant("好的，我记下了，三月二十号还款一千二百元。"),
                ChatMessage.user("谢谢"));
    }

    @Test
    void endCallSaysItsWordsAfterTheTextThenHangsUpWithTheResult() throws Exception {
        llm.willCall(List.of(tool("c1", "end_call", "{\"result\":\"promise_to_pay\",\"say\":\"感谢您的接听，再见。\"}")),
                "好的，");
        RecordingSink.Spoken reply = call.say("我明天就还");
        assertThat(reply.text()).isEqualTo("好的，感谢您的接听，再见。");
        assertThat(reply.next()).isEqualTo(new NextStep.Hangup("promise_to_pay", "NORMAL_CLEARING"));
        assertThat(llm.requests).hasSize(1);
    }

    @Test
    void transferGoesOnlyToAllowedDestinations() throws Exception {
        llm.willCall(List.of(tool("c1", "transfer", "{\"to\":\"9999\"}")));
        llm.willCall(List.of(tool("c2", "transfer", "{\"to\":\"8001\",\"say\":\"正在为您转接人工。\"}")));
        RecordingSink.Spoken reply = call.say("转人工");
        assertThat(request(1).messages().getLast().content())
                .contains("\"ok\":false").contains("to: \\\"9999\\\" is not one of [\\\"8001\\\"]");
        assertThat(reply.text()).isEqualTo("正在为您转接人工。");
        assertThat(reply.next()).isEqualTo(new NextStep.Transfer("8001", "transfer_agent"));
    }

    @Test
    void setVariableIsSeenByTemplatesAndGotoReturnsToTheScript() throws Exception {
        llm.willCall(List.of(tool("c1", "set_variable", "{\"name\":\"plan\",\"value\":\"分期还款\"}")));
        llm.willCall(List.of(tool("c2", "goto", "{\"node\":\"plan\"}")), "明白。");
        RecordingSink.Spoken reply = call.say("我想分期");
        assertThat(reply.text()).isEqualTo("明白。好的，为您办理分期还款。");
        assertThat(reply.next()).isEqualTo(new NextStep.Hangup("plan_chosen", "NORMAL_CLEARING"));
        assertThat(dialog.node()).isEqualTo("plan");
        assertThat(dialog.variablesSet()).isEqualTo(Map.of("plan", "分期还款"));
    }

    @Test
    void invalidArgumentsAreAnErrorTheModelCorrects() throws Exception {
        llm.willCall(List.of(tool("c1", "record_fields", "{\"promise_date\":\"下周五\",\"amount\":\"很多\"}")));
        llm.willCall(List.of(tool("c2", "record_fields", "{\"promise_date\":\"2026-03-20\"}")));
        llm.willAnswer("好的，记下了。");
        RecordingSink.Spoken reply = call.say("下周五");

        String error = request(1).messages().getLast().content();
        assertThat(error).contains("\"ok\":false")
                .contains("promise_date: \\\"下周五\\\" is not a date (YYYY-MM-DD)")
                .contains("amount: expected a number, got \\\"很多\\\"");
        assertThat(reply.text()).isEqualTo("好的，记下了。");
        assertThat(dialog.fields()).containsOnlyKeys("promise_date");
    }

    @Test
    void unknownToolsAndMalformedArgumentsNeverEndTheCall() throws Exception {
        llm.willCall(List.of(tool("c1", "refund", "{}"),
                new ToolCall("c2", "record_fields", "{\"promise_date\":", null, "arguments are not a JSON object")));
        llm.willAnswer("抱歉，请问您哪天还款？");
        RecordingSink.Spoken reply = call.say("退钱");
        List<ChatMessage> sent = request(1).messages();
        assertThat(sent.get(sent.size() - 2).content()).contains("unknown tool 'refund'");
        assertThat(sent.getLast().content()).contains("arguments are not a JSON object");
        assertThat(reply.text()).isEqualTo("抱歉，请问您哪天还款？");
        assertThat(reply.next()).isEqualTo(LISTEN);
    }

    @Test
    void sendDtmfPressesKeysAndTheTurnGoesOn() throws Exception {
        RecordingSink sink = new RecordingSink();
        llm.willCall(List.of(tool("c1", "send_dtmf", "{\"digits\":\"1#\"}")));
        llm.willCall(List.of(tool("c2", "send_dtmf", "{\"digits\":\"1x\"}")));
        llm.willAnswer("已按键。");
        thread.run(() -> dialog.respond(new DialogInput.Speech("请按1"), sink));
        RecordingSink.Spoken reply = sink.await();
        assertThat(sink.dtmf).containsExactly("1#");
        assertThat(request(2).messages().getLast().content()).contains("does not match");
        assertThat(reply.text()).isEqualTo("已按键。");
    }

    @Test
    void overTheCallsLimitTheModelIsToldAndMustAnswerInText() throws Exception {
        ToolCall again = tool("c", "set_variable", "{\"name\":\"x\",\"value\":\"1\"}");
        for (int i = 0; i < 5; i++) {
            llm.willCall(List.of(again));
        }
        llm.willAnswer("好的。");
        RecordingSink.Spoken reply = call.say("随便");
        assertThat(llm.requests).hasSize(6);
        assertThat(request(4).messages().getLast().content()).contains("\"ok\":true");
        assertThat(request(4).toolChoice()).isEqualTo(ToolChoice.NONE);
        assertThat(request(5).messages().getLast().content()).contains("tool call limit of 4 for this call reached");
        assertThat(reply.text()).isEqualTo("好的。");
    }

    @Test
    void aTurnOfOnlyToolCallsWhoseFollowUpFailsSpeaksTheFallback() throws Exception {
        llm.willCall(List.of(tool("c1", "set_variable", "{\"name\":\"x\",\"value\":\"1\"}")));
        RecordingSink sink = new RecordingSink();
        thread.run(() -> dialog.respond(new DialogInput.Speech("嗯"), sink));
        org.awaitility.Awaitility.await().until(() -> llm.calls.size() == 2);
        llm.lastCall().failNow();
        RecordingSink.Spoken reply = sink.await();
        assertThat(reply.text()).isEqualTo("抱歉，请再说一遍。");
        assertThat(reply.next()).isEqualTo(LISTEN);
    }
}
