package io.callrobot.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedRepliesTest {

    private static final Map<String, String> PAYMENT_VARS =
            Map.of("customer_name", "张三", "amount", "1,280.50", "due_date", "3月15日");

    private final FlowLibrary library = FlowLibrary.builtIn();
    private final List<ScriptedReply> replies = library.scriptedReplies();
    private CallThread thread;
    private FakeLlm llm;
    private FlowDialogFactory factory;

    @BeforeEach
    void setUp() {
        thread = new CallThread();
        llm = new FakeLlm();
        factory = new FlowDialogFactory(library, "assistant-zh", llm);
    }

    @AfterEach
    void tearDown() {
        thread.close();
    }

    /** The enumeration holds a reply whose options and rendered pieces are exactly what the dialog sent. */
    private void assertEnumerated(String flow, Map<String, String> vars, RecordingSink.Spoken spoken) {
        assertThat(replies)
                .as("scripted replies of %s contain %s spoken as %s", flow, spoken.pieces(), spoken.options())
                .anySatisfy(reply -> {
                    assertThat(reply.flow().name()).isEqualTo(flow);
                    assertThat(reply.options()).isEqualTo(spoken.options());
                    assertThat(reply.texts(vars)).isEqualTo(spoken.pieces());
                });
    }

    private Conversation call(String flow, Map<String, String> vars) {
        return new Conversation(factory.create("call-1", flow, vars, thread.scope()), thread);
    }

    @Test
    void everyReplyOfThePaymentReminderWalksIsEnumerated() throws Exception {
        String flow = "payment-reminder-zh";
        Conversation promise = call(flow, PAYMENT_VARS);
        for (RecordingSink.Spoken spoken : List.of(promise.start(), promise.silence(), promise.silence(),
                promise.press("1"), promise.say("嗯？"), promise.press("1"))) {
            assertEnumerated(flow, PAYMENT_VARS, spoken);
        }
        Conversation wrong = call(flow, PAYMENT_VARS);
        wrong.start();
        wrong.silence();
        RecordingSink.Spoken apology = wrong.say("不是");
        assertThat(apology.pieces()).containsExactly("不好意思，打扰您了。", "再见。");
        assertEnumerated(flow, PAYMENT_VARS, apology);
        Conversation hardship = call(flow, PAYMENT_VARS);
        hardship.start();
        hardship.silence();
        hardship.press("1");
        for (RecordingSink.Spoken spoken : List.of(hardship.say("有困难"), hardship.silence(), hardship.press("0"))) {
            assertEnumerated(flow, PAYMENT_VARS, spoken);
        }
    }

    @Test
    void englishRepliesKeepTheSpaceBetweenPrompts() throws Exception {
        Map<String, String> vars = Map.of("customer_name", "Alice", "tracking_number", "CE1", "delivery_date", "Friday");
        Conversation c = call("delivery-notice-en", vars);
        for (RecordingSink.Spoken spoken : List.of(c.start(), c.silence(), c.press("2"), c.silence(), c.press("1"))) {
            assertEnumerated("delivery-notice-en", vars, spoken);
        }
        Conversation agent = call("delivery-notice-en", vars);
        agent.start();
        assertEnumerated("delivery-notice-en", vars, agent.press("0"));
    }

    @Test
    void llmFallbackAndKeywordRepliesOfTheAssistantAreEnumerated() throws Exception {
        Conversation c = call("assistant-zh", Map.of());
        assertEnumerated("assistant-zh", Map.of(), c.start());
        llm.mode(FakeLlm.Mode.FAIL);
        assertEnumerated("assistant-zh", Map.of(), c.say("营业时间是几点？"));
        assertEnumerated("assistant-zh", Map.of(), c.say("转人工"));
    }

    @Test
    void fixedRepliesNeedNoVariablesAndDefaultsCount() {
        ScriptedReply disclaimer = replies.stream().filter(r -> r.segments().contains("您好，本次通话可能会被录音。"))
                .findFirst().orElseThrow();
        assertThat(disclaimer.variables()).isEmpty();
        assertThat(disclaimer.options().bargeIn()).isEqualTo(BargeIn.DISABLED);
        assertThat(disclaimer.flow().language()).isEqualTo("zh-CN");

        ScriptedReply greeting = replies.stream().filter(r -> r.flow().name().equals("assistant-zh")).findFirst()
                .orElseThrow();
        assertThat(greeting.variables()).isEmpty();
        assertThat(greeting.texts(Map.of())).containsExactly("您好，我是本公司的智能语音助手，请问有什么可以帮您？");

        ScriptedReply identity = replies.stream().filter(r -> r.segments().contains("请问您是${customer_name}本人吗？"))
                .findFirst().orElseThrow();
        assertThat(identity.variables()).containsExactly("customer_name");
    }

    @Test
    void eachPromptCarriesItsNodesVoiceEmotionAndSpeedElseTheFlowVoice() {
        FlowLibrary own = TestFlows.library("""
                name: styled
                language: zh-CN
                voice: xiaoyun
                start: hello
                nodes:
                  hello:
                    say: 您好，欢迎致电。
                    emotion: happy
                    speed: 1.2
                    next: ask
                  ask:
                    say: 请问有什么可以帮您？
                    voice: zhiqi
                    intents:
                      - keywords: [再见]
                        say: 好的。
                        goto: bye
                  bye:
                    say: 再见。
                    bargeIn: false
                    hangup: {result: done}
                """);
        Map<List<String>, ReplyOptions> options = new HashMap<>();
        own.scriptedReplies().forEach(r -> options.put(r.segments(), r.options()));

        assertThat(options).containsOnly(
                Map.entry(List.of("您好，欢迎致电。"), new ReplyOptions(BargeIn.SERVER_DEFAULT, "xiaoyun", "happy", 1.2)),
                Map.entry(List.of("请问有什么可以帮您？"), new ReplyOptions(BargeIn.SERVER_DEFAULT, "zhiqi", null, null)),
                Map.entry(List.of("好的。"), new ReplyOptions(BargeIn.SERVER_DEFAULT, "zhiqi", null, null)),
                Map.entry(List.of("再见。"), new ReplyOptions(BargeIn.DISABLED, "xiaoyun", null, null)));
    }
}
