package io.callrobot.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callrobot.dialog.DialogInput;
import io.callrobot.dialog.FlowDialogFactory;
import io.callrobot.dialog.FlowLibrary;
import io.callrobot.llm.LlmCall;
import io.callrobot.llm.LlmEngine;
import io.callrobot.llm.LlmListener;
import io.callrobot.llm.LlmRequest;
import io.callrobot.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chats run the real dialog engine: the opening, text, keys, silence, the end, idle expiry and the cap. */
class ChatSessionsTest {

    private static final Map<String, String> ZHANG = Map.of("customer_name", "张三", "amount", "1280.50", "due_date", "12月5日");

    private final ManualClock clock = new ManualClock();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<LlmRequest> llmRequests = new CopyOnWriteArrayList<>();
    /** Answers each request from its own thread, as a streaming provider does; silent when told. */
    private volatile boolean llmSilent;
    private final LlmEngine llm = (LlmRequest request, LlmListener listener) -> {
        llmRequests.add(request);
        if (!llmSilent) {
            Thread.startVirtualThread(() -> {
                listener.onToken("我们晚上");
                listener.onToken("六点下班。");
                listener.onComplete();
            });
        }
        return () -> { };
    };
    private ChatSessions chats = sessions(new ChatSessions.Limits(2, Duration.ofMinutes(10), Duration.ofSeconds(20)));

    private ChatSessions sessions(ChatSessions.Limits limits) {
        return new ChatSessions(new FlowDialogFactory(FlowLibrary.builtIn(), "payment-reminder-zh", llm), clock,
                threads, limits);
    }

    @AfterEach
    void close() {
        chats.close();
        threads.close();
    }

    @Test
    void theOpeningSpeaksTheDisclaimerThenTheGreetingWithTheVariablesFilledIn() {
        ChatTurn opening = chats.start("payment-reminder-zh", ZHANG);
        assertThat(opening.replies()).extracting(ChatReply::text)
                .containsExactly("您好，本次通话可能会被录音。", "请问您是张三本人吗？");
        assertThat(opening.replies()).extracting(ChatReply::node).containsExactly("identity", "identity");
        assertThat(opening.node()).isEqualTo("identity");
        assertThat(opening.ended()).isFalse();
        assertThat(opening.result()).isNull();
        assertThat(chats.open()).isEqualTo(1);
    }

    @Test
    void textMovesOnKeysEndTheCallWithItsResultAndAnEndedChatTakesNoMoreInput() {
        String id = chats.start("payment-reminder-zh", ZHANG).session();
        ChatTurn remind = chats.send(id, new DialogInput.Speech("是的，我是"));
        assertThat(remind.node()).isEqualTo("remind");
        assertThat(remind.replies().getFirst().text()).startsWith("张三您好").contains("1280.50元", "12月5日");

        ChatTurn promise = chats.send(id, new DialogInput.Dtmf("1"));
        assertThat(promise.node()).isEqualTo("goodbye_promise");
        assertThat(promise.ended()).isTrue();
        assertThat(promise.result()).isEqualTo("promise_to_pay");
        assertThat(promise.cause()).isEqualTo("NORMAL_CLEARING");
        assertThat(promise.replies().getFirst().text()).contains("请记得在12月5日之前按时还款");

        ChatException ended = catchThrowableOfType(ChatException.class, () -> chats.send(id, new DialogInput.Dtmf("1")));
        assertThat(ended.reason()).isEqualTo(ChatException.Reason.ENDED);
    }

    @Test
    void silenceRepromptsThenGivesUpAndATransferSaysWhere() {
        String id = chats.start("payment-reminder-zh", ZHANG).session();
        ChatTurn again = chats.send(id, new DialogInput.NoInput());
        assertThat(again.node()).isEqualTo("identity");
        assertThat(again.replies().getFirst().text()).isEqualTo("喂，您好，请问您是张三本人吗？");
        chats.send(id, new DialogInput.NoInput());
        ChatTurn gone = chats.send(id, new DialogInput.NoInput());
        assertThat(gone.node()).isEqualTo("goodbye_no_response");
        assertThat(gone.result()).isEqualTo("no_response");

        String other = chats.start("payment-reminder-zh", Map.of("agent_extension", "8123")).session();
        ChatTurn transfer = chats.send(other, new DialogInput.Dtmf("0"));
        assertThat(transfer.ended()).isTrue();
        assertThat(transfer.result()).isEqualTo("transfer_agent");
        assertThat(transfer.transferTo()).isEqualTo("8123");
    }

    @Test
    void anLlmNodeAnswersWithTheStreamedTokensAndTheGreetingInItsHistory() {
        String id = chats.start("assistant-zh", Map.of("company", "华信银行")).session();
        ChatTurn answer = chats.send(id, new DialogInput.Speech("你们几点下班？"));
        assertThat(answer.replies()).extracting(ChatReply::text).containsExactly("我们晚上六点下班。");
        assertThat(answer.node()).isEqualTo("chat");
        assertThat(llmRequests.getFirst().messages()).extracting(m -> m.content())
                .contains("您好，我是华信银行的智能语音助手，请问有什么可以帮您？", "你们几点下班？");
    }

    @Test
    void aReplyThatTakesTooLongIsGivenUpAndTheChatStaysUsable() {
        chats.close();
        chats = sessions(new ChatSessions.Limits(2, Duration.ofMinutes(10), Duration.ofMillis(300)));
        String id = chats.start("assistant-zh", Map.of()).session();
        llmSilent = true;
        ChatException slow = catchThrowableOfType(ChatException.class, () -> chats.send(id, new DialogInput.Speech("在吗")));
        assertThat(slow.reason()).isEqualTo(ChatException.Reason.TIMEOUT);
        llmSilent = false;
        assertThat(chats.send(id, new DialogInput.Dtmf("0")).result()).isEqualTo("transfer_agent");
    }

    @Test
    void chatsIdleForTheirMinutesAreClosedAndActiveOnesKept() {
        String idle = chats.start("payment-reminder-zh", ZHANG).session();
        clock.advance(6, TimeUnit.MINUTES);
        String busy = chats.start("payment-reminder-zh", ZHANG).session();
        clock.advance(4, TimeUnit.MINUTES);
        assertThat(chats.open()).isEqualTo(1);
        ChatException gone = catchThrowableOfType(ChatException.class, () -> chats.send(idle, new DialogInput.Dtmf("1")));
        assertThat(gone.reason()).isEqualTo(ChatException.Reason.UNKNOWN_SESSION);
        assertThat(chats.send(busy, new DialogInput.Dtmf("1")).node()).isEqualTo("remind");
        clock.advance(10, TimeUnit.MINUTES);
        assertThat(chats.open()).isZero();
    }

    @Test
    void atMostTheLimitAreOpenAndEndingOneMakesRoom() {
        String first = chats.start("payment-reminder-zh", ZHANG).session();
        chats.start("payment-reminder-zh", ZHANG);
        ChatException full = catchThrowableOfType(ChatException.class, () -> chats.start("payment-reminder-zh", ZHANG));
        assertThat(full.reason()).isEqualTo(ChatException.Reason.LIMIT);
        assertThat(full).hasMessageContaining("at most 2 chats");
        chats.end(first);
        assertThat(chats.start("payment-reminder-zh", ZHANG).node()).isEqualTo("identity");
        assertThat(catchThrowableOfType(ChatException.class, () -> chats.end(first)).reason())
                .isEqualTo(ChatException.Reason.UNKNOWN_SESSION);
    }

    @Test
    void anUnknownFlowOpensNothing() {
        assertThatThrownBy(() -> chats.start("no-such-flow", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-flow");
        assertThat(chats.open()).isZero();
    }
}
