package io.callrobot.dialog;

import io.callrobot.llm.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LlmNodeTest {

    private static final String GREETING = "您好，我是华信银行的智能语音助手，请问有什么可以帮您？";
    private static final String SYSTEM_START = "你是华信银行的电话语音助手";
    private static final String FALLBACK = "抱歉，这个问题我暂时没能查到。您可以说“转人工”，由人工客服为您服务。";
    private static final NextStep.Listen LISTEN = new NextStep.Listen(8000);

    private CallThread thread;
    private FakeLlm llm;
    private DialogEngine dialog;
    private Conversation call;

    @BeforeEach
    void setUp() throws Exception {
        thread = new CallThread();
        llm = new FakeLlm();
        FlowDialogFactory factory = new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", llm);
        dialog = factory.create("call-llm", null, Map.of("company", "华信银行"), thread.scope());
        call = new Conversation(dialog, thread);
        RecordingSink.Spoken greeting = call.start();
        assertThat(greeting.text()).isEqualTo(GREETING);
        assertThat(greeting.next()).isEqualTo(LISTEN);
    }

    @AfterEach
    void tearDown() {
        thread.close();
    }

    @Test
    void tokensStreamToTheSinkInOrderAsTheyArrive() throws Exception {
        RecordingSink sink = new RecordingSink();
        thread.run(() -> dialog.respond(new DialogInput.Speech("你们几点下班？"), sink));
        FakeLlm.Call stream = llm.lastCall();
        stream.token("我们");
        sink.awaitPieces(1);
        assertThat(sink.ended()).isFalse();
        stream.token("晚上");
        stream.token("六点下班。");
        sink.awaitPieces(3);
        stream.answer();
        RecordingSink.Spoken answer = sink.await();
        assertThat(answer.pieces()).containsExactly("我们", "晚上", "六点下班。");
        assertThat(answer.next()).isEqualTo(LISTEN);
        assertThat(answer.options().bargeIn()).isEqualTo(BargeIn.SERVER_DEFAULT);
        assertThat(llm.requests.getFirst().messages()).containsExactly(
                llm.requests.getFirst().messages().getFirst(),
                ChatMessage.assistant(GREETING), ChatMessage.user("你们几点下班？"));
        assertThat(llm.requests.getFirst().messages().getFirst().role()).isEqualTo("system");
        assertThat(llm.requests.getFirst().messages().getFirst().content()).startsWith(SYSTEM_START);
    }

    @Test
    void historyKeepsOnlyWhatTheCallerHeard() throws Exception {
        RecordingSink sink = new RecordingSink();
        Reply reply = thread.call(() -> dialog.respond(new DialogInput.Speech("你们几点下班"), sink));
        FakeLlm.Call stream = llm.lastCall();
        stream.token("我们晚上六点下班，");
        stream.token("周末也营业。");
        sink.awaitPieces(2);
        thread.run(() -> {
            reply.cancel();                       // barge-in
            dialog.heard("我们晚上六点", true);    // the caller heard only this much
        });

        llm.willAnswer("周末", "十点开门。");
        RecordingSink.Spoken next = call.say("那周末呢");
        assertThat(next.text()).isEqualTo("周末十点开门。");
        assertThat(llm.requests.get(1).messages()).hasSize(5).endsWith(
                ChatMessage.assistant(GREETING),
                ChatMessage.user("你们几点下班"),
                ChatMessage.assistant("我们晚上六点"),
                ChatMessage.user("那周末呢"));
    }

    @Test
    void cancelStopsTokensAndCancelsTheLlmCall() throws Exception {
        RecordingSink sink = new RecordingSink();
        Reply reply = thread.call(() -> dialog.respond(new DialogInput.Speech("介绍一下你们的理财产品"), sink));
        FakeLlm.Call stream = llm.lastCall();
        stream.token("我们有");
        sink.awaitPieces(1);
        thread.run(reply::cancel);
        assertThat(stream.cancelled).isTrue();
        stream.deliverLate("三款产品");
        thread.run(() -> { }); // what the provider delivered late has reached the call's thread
        assertThat(sink.pieces()).containsExactly("我们有");
        assertThat(sink.ended()).isFalse();
        sink.assertContractKept();
        thread.run(reply::cancel); // idempotent
    }

    @Test
    void failureSpeaksTheFallbackAndKeepsListening() throws Exception {
        llm.mode(FakeLlm.Mode.FAIL);
        RecordingSink.Spoken reply = call.say("我的卡被冻结了怎么办");
        assertThat(reply.text()).isEqualTo(FALLBACK);
        assertThat(reply.next()).isEqualTo(LISTEN);
    }

    @Test
    void failureMidStreamKeepsWhatWasSaid() throws Exception {
        RecordingSink sink = new RecordingSink();
        thread.run(() -> dialog.respond(new DialogInput.Speech("怎么开通网银"), sink));
        FakeLlm.Call stream = llm.lastCall();
        stream.token("您可以在手机银行");
        stream.failNow();
        RecordingSink.Spoken reply = sink.await();
        assertThat(reply.pieces()).containsExactly("您可以在手机银行");
        assertThat(reply.next()).isEqualTo(LISTEN);
    }

    @Test
    void emptyAnswerSpeaksTheFallback() throws Exception {
        llm.willAnswer();
        assertThat(call.say("嗯嗯").text()).isEqualTo(FALLBACK);
    }

    @Test
    void keywordIntentIsCheckedBeforeTheLlm() throws Exception {
        RecordingSink.Spoken reply = call.say("帮我转人工");
        assertThat(reply.text()).isEqualTo("好的，正在为您转接人工客服，请稍候。");
        assertThat(reply.next()).isEqualTo(new NextStep.Transfer("8001", "transfer_agent"));
        assertThat(llm.requests).isEmpty();
    }

    @Test
    void noInputRepromptsThenSaysGoodbye() throws Exception {
        assertThat(call.silence().text()).isEqualTo("您好，请问还在吗？有什么可以帮您？");
        RecordingSink.Spoken bye = call.silence();
        assertThat(bye.text()).isEqualTo("好的，如果还有需要欢迎再次来电，再见。");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("no_response", "NORMAL_CLEARING"));
    }

    @Test
    void noFirstTokenInTimeSpeaksTheFallbackAndCancels() throws Exception {
        Flow flow = TestFlows.parse("""
                name: quick
                language: en-US
                start: ask
                nodes:
                  ask:
                    say: "How can I help?"
                    intents: [{keywords: [bye], goto: bye}]
                    llm: {system: "Be brief.", fallback: "Sorry, I can't answer that now.", firstTokenTimeoutMillis: 50, next: bye}
                  bye:
                    say: "Goodbye!"
                    hangup: {result: done}
                """);
        llm.mode(FakeLlm.Mode.SILENT);
        Conversation quick = new Conversation(new FlowDialogFactory(new FlowLibrary(Map.of("quick", flow)),
                "quick", llm).create("call-t", "quick", Map.of(), thread.scope()), thread);
        quick.start();
        RecordingSink.Spoken reply = quick.say("Where is my parcel?");
        assertThat(reply.text()).isEqualTo("Sorry, I can't answer that now.");
        assertThat(reply.next()).isEqualTo(new NextStep.Listen(6000));
        assertThat(llm.lastCall().cancelled).isTrue();
    }

    @Test
    void afterMaxTurnsTheAnswerContinuesIntoTheNextNode() throws Exception {
        Flow flow = TestFlows.parse("""
                name: short
                language: en-US
                start: ask
                nodes:
                  ask:
                    say: "Any question?"
                    intents: [{keywords: [bye], goto: bye}]
                    llm: {system: "Be brief.", fallback: "Sorry.", maxTurns: 1, next: bye}
                  bye:
                    say: "Goodbye!"
                    hangup: {result: answered}
                """);
        Conversation c = new Conversation(new FlowDialogFactory(new FlowLibrary(Map.of("short", flow)),
                "short", llm).create("call-m", "short", Map.of(), thread.scope()), thread);
        c.start();
        llm.willAnswer("It ", "is ", "open.");
        RecordingSink.Spoken reply = c.say("Is the office open?");
        assertThat(reply.text()).isEqualTo("It is open. Goodbye!");
        assertThat(reply.next()).isEqualTo(new NextStep.Hangup("answered", "NORMAL_CLEARING"));
    }
}
