package io.callrobot.dialog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentReminderFlowTest {

    private static final String REMIND = "张三您好，这里是信用卡中心。提醒您本期应还金额1,280.50元，到期日是3月15日。"
            + "请问您打算什么时候还款呢？今天还款请按1。";
    private static final NextStep.Listen LISTEN = new NextStep.Listen(6000);

    private static CallThread thread;
    private static FlowDialogFactory factory;

    @BeforeAll
    static void setUp() {
        thread = new CallThread();
        factory = new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", new FakeLlm());
    }

    @AfterAll
    static void tearDown() {
        thread.close();
    }

    private static Conversation call(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(Map.of("customer_name", "张三", "amount", "1,280.50", "due_date", "3月15日"));
        vars.putAll(extra);
        return new Conversation(factory.create("call-1", "payment-reminder-zh", vars, thread.scope()), thread);
    }

    /** Plays the disclaimer and the identity question, checking both. */
    private static Conversation identified(Map<String, String> extra) throws Exception {
        Conversation c = call(extra);
        RecordingSink.Spoken disclaimer = c.start();
        assertThat(disclaimer.text()).isEqualTo("您好，本次通话可能会被录音。");
        assertThat(disclaimer.options().bargeIn().mode()).isEqualTo(BargeIn.Mode.DISABLED);
        assertThat(disclaimer.next()).isEqualTo(new NextStep.Listen(0));
        RecordingSink.Spoken identity = c.silence();
        assertThat(identity.text()).isEqualTo("请问您是张三本人吗？");
        assertThat(identity.options()).isEqualTo(ReplyOptions.DEFAULT);
        assertThat(identity.next()).isEqualTo(LISTEN);
        return c;
    }

    @Test
    void speechPathToPromiseToPay() throws Exception {
        Conversation c = identified(Map.of());
        RecordingSink.Spoken remind = c.say("我是。");
        assertThat(remind.text()).isEqualTo(REMIND);
        assertThat(remind.next()).isEqualTo(LISTEN);
        RecordingSink.Spoken bye = c.say("明天 吧");
        assertThat(bye.text()).isEqualTo("好的，感谢您的配合，请记得在3月15日之前按时还款。祝您生活愉快，再见！");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("promise_to_pay", "NORMAL_CLEARING"));
    }

    @Test
    void dtmfPathToAgentUsesExtensionVariable() throws Exception {
        Conversation c = identified(Map.of("agent_extension", "8123"));
        assertThat(c.press("1").text()).isEqualTo(REMIND);
        RecordingSink.Spoken transfer = c.press("0");
        assertThat(transfer.text()).isEqualTo("好的，正在为您转接人工客服，请稍候。");
        assertThat(transfer.next()).isEqualTo(new NextStep.Transfer("8123", "transfer_agent"));
    }

    @Test
    void dtmfOneConfirmsPaymentToday() throws Exception {
        Conversation c = identified(Map.of());
        c.press("1");
        assertThat(c.press("1").next()).isEqualTo(new NextStep.Hangup("promise_to_pay", "NORMAL_CLEARING"));
    }

    @Test
    void agentKeywordTransfersToDefaultExtension() throws Exception {
        Conversation c = identified(Map.of());
        c.say("对");
        assertThat(c.say("我要投诉").next()).isEqualTo(new NextStep.Transfer("8001", "transfer_agent"));
    }

    @Test
    void wrongPersonApologisesAndHangsUp() throws Exception {
        Conversation c = identified(Map.of());
        RecordingSink.Spoken bye = c.say("不是，你打错了");
        assertThat(bye.text()).isEqualTo("不好意思，打扰您了。再见。");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("wrong_person", "NORMAL_CLEARING"));
    }

    @Test
    void alreadyPaidWinsOverToday() throws Exception {
        Conversation c = identified(Map.of());
        c.say("是的");
        RecordingSink.Spoken bye = c.say("我今天已经还了");
        assertThat(bye.text()).isEqualTo("好的，感谢您及时还款。如果款项已到账，请忽略本次提醒。再见！");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("already_paid", "NORMAL_CLEARING"));
    }

    @Test
    void hardshipOffersInstallment() throws Exception {
        Conversation c = identified(Map.of("product", "白金卡"));
        assertThat(c.say("是").text()).startsWith("张三您好，这里是白金卡中心。");
        RecordingSink.Spoken offer = c.say("最近手头比较困难");
        assertThat(offer.text()).isEqualTo("理解您的难处。我们可以为您申请分期还款，每期金额会更低。需要为您登记分期申请吗？需要请按1，不需要请按2。");
        assertThat(offer.next()).isEqualTo(LISTEN);
        assertThat(c.say("不需要").next()).isEqualTo(new NextStep.Hangup("hardship_declined", "NORMAL_CLEARING"));
    }

    @Test
    void hardshipAcceptedByDtmf() throws Exception {
        Conversation c = identified(Map.of());
        c.press("1");
        c.say("能不能延期");
        RecordingSink.Spoken bye = c.press("1");
        assertThat(bye.text()).isEqualTo("好的，已为您登记分期申请，稍后会有专员与您联系办理。感谢您的接听，再见！");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("installment_requested", "NORMAL_CLEARING"));
    }

    @Test
    void noInputRepromptsTwiceThenHangsUp() throws Exception {
        Conversation c = identified(Map.of());
        for (int i = 0; i < 2; i++) {
            RecordingSink.Spoken again = c.silence();
            assertThat(again.text()).isEqualTo("喂，您好，请问您是张三本人吗？");
            assertThat(again.next()).isEqualTo(LISTEN);
        }
        RecordingSink.Spoken bye = c.silence();
        assertThat(bye.text()).isEqualTo("可能信号不太好，我们稍后再与您联系，再见。");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("no_response", "NORMAL_CLEARING"));
    }

    @Test
    void noMatchRepromptsThenGivesUp() throws Exception {
        Conversation c = identified(Map.of());
        c.say("是");
        assertThat(c.say("你是哪个银行的？").text()).isEqualTo("抱歉，我没有听清。请问您今天或明天能还款吗？");
        assertThat(c.press("9").text()).isEqualTo("抱歉，我没有听清。请问您今天或明天能还款吗？");
        RecordingSink.Spoken bye = c.say("嗯……");
        assertThat(bye.text()).isEqualTo("稍后我们会再与您联系，请记得按时还款，再见！");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("no_commitment", "NORMAL_CLEARING"));
    }

    @Test
    void noMatchWithoutHandlerUsesNodeRepromptsThenDefaultHangup() throws Exception {
        Conversation c = identified(Map.of());
        String reprompt = "不好意思，跟您确认一下，您是张三本人吗？是的话请说“是”，或者按1。";
        assertThat(c.say("喂？").text()).isEqualTo(reprompt);
        assertThat(c.press("7").text()).isEqualTo(reprompt);
        RecordingSink.Spoken end = c.say("啊");
        assertThat(end.text()).isEmpty();
        assertThat(end.next()).isEqualTo(new NextStep.Hangup("no_match", "NORMAL_CLEARING"));
    }

    @Test
    void inputAfterHangupRepeatsTheHangup() throws Exception {
        Conversation c = identified(Map.of());
        NextStep hangup = c.say("打错了").next();
        RecordingSink.Spoken again = c.say("喂？");
        assertThat(again.text()).isEmpty();
        assertThat(again.next()).isEqualTo(hangup);
    }

    @Test
    void missingVariableIsSpokenAsNothing() throws Exception {
        Conversation c = new Conversation(factory.create("call-2", "payment-reminder-zh", Map.of(), thread.scope()), thread);
        c.start();
        assertThat(c.silence().text()).isEqualTo("请问您是本人吗？");
    }
}
