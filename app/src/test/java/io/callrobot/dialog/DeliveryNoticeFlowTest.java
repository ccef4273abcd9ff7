package io.callrobot.dialog;

import io.callrobot.llm.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryNoticeFlowTest {

    private static final String NOTICE = "Hello Alice, this is City Express. Your parcel CE123456 will be delivered on"
            + " Friday, May 9. To confirm the delivery to your address, say yes or press 1. To reschedule, say"
            + " reschedule or press 2. For an agent, press 0.";
    private static final String CONFIRMED = "Great, your delivery on Friday, May 9 is confirmed."
            + " Do you have any questions about your parcel?";
    private static final NextStep.Listen LISTEN = new NextStep.Listen(6000);

    private CallThread thread;
    private FakeLlm llm;
    private Conversation call;

    @BeforeEach
    void setUp() {
        thread = new CallThread();
        llm = new FakeLlm();
        FlowDialogFactory factory = new FlowDialogFactory(FlowLibrary.builtIn(), "assistant-zh", llm);
        call = new Conversation(factory.create("call-en", "delivery-notice-en", Map.of(
                "customer_name", "Alice", "tracking_number", "CE123456", "delivery_date", "Friday, May 9"), thread.scope()),
                thread);
    }

    @AfterEach
    void tearDown() {
        thread.close();
    }

    @Test
    void dtmfConfirmThenQuestionAnsweredByLlmThenGoodbye() throws Exception {
        RecordingSink.Spoken notice = call.start();
        assertThat(notice.text()).isEqualTo(NOTICE);
        assertThat(notice.options().bargeIn()).isEqualTo(BargeIn.SERVER_DEFAULT);
        assertThat(notice.next()).isEqualTo(LISTEN);
        RecordingSink.Spoken confirmed = call.press("1");
        assertThat(confirmed.text()).isEqualTo(CONFIRMED);

        llm.willAnswer("Drivers usually ", "arrive before ", "6 pm.");
        RecordingSink.Spoken answer = call.say("What time does the driver usually come?");
        assertThat(answer.pieces()).containsExactly("Drivers usually ", "arrive before ", "6 pm.");
        assertThat(answer.next()).isEqualTo(LISTEN);
        assertThat(llm.requests.getFirst().callId()).isEqualTo("call-en");
        assertThat(llm.requests.getFirst().messages()).hasSize(4).endsWith(
                ChatMessage.assistant(NOTICE), ChatMessage.assistant(CONFIRMED),
                ChatMessage.user("What time does the driver usually come?"));
        assertThat(llm.requests.getFirst().messages().getFirst().content())
                .startsWith("You are a polite phone assistant for City Express")
                .contains("The customer Alice has parcel CE123456, delivery confirmed for Friday, May 9.");

        RecordingSink.Spoken bye = call.say("No, that's all. Thanks!");
        assertThat(bye.text()).isEqualTo("Thank you for choosing City Express. Goodbye!");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("delivery_confirmed", "NORMAL_CLEARING"));
        assertThat(llm.requests).hasSize(1);
    }

    @Test
    void speechRescheduleToWeekday() throws Exception {
        call.start();
        RecordingSink.Spoken ask = call.say("I won't be home that day.");
        assertThat(ask.text()).isEqualTo("No problem. Press 1 for tomorrow, or tell me which weekday suits you.");
        RecordingSink.Spoken bye = call.say("Monday would be better");
        assertThat(bye.text()).isEqualTo("Thank you. We have noted your request, and the driver will call you"
                + " to arrange the new time. Goodbye!");
        assertThat(bye.next()).isEqualTo(new NextStep.Hangup("reschedule_requested", "NORMAL_CLEARING"));
    }

    @Test
    void dtmfRescheduleAndAgent() throws Exception {
        call.start();
        call.press("2");
        RecordingSink.Spoken agent = call.press("0");
        assertThat(agent.text()).isEqualTo("Sure, connecting you to an agent now.");
        assertThat(agent.next()).isEqualTo(new NextStep.Transfer("8002", "transfer_agent"));
    }

    @Test
    void yesKeywordConfirms() throws Exception {
        call.start();
        assertThat(call.say("Yes, that's correct.").text()).isEqualTo(CONFIRMED);
    }

    @Test
    void unknownDigitRepromptsWithSecondPrompt() throws Exception {
        call.start();
        RecordingSink.Spoken again = call.press("5");
        assertThat(again.text()).isEqualTo("To confirm delivery on Friday, May 9, press 1. To reschedule, press 2."
                + " For an agent, press 0.");
        assertThat(again.next()).isEqualTo(LISTEN);
    }
}
