package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.ops.LiveCall;
import io.callrobot.ops.live.LiveEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a call publishes for the live console, from its own executor, and ops acting on it. */
class CallSessionLiveTest {

    private CallHarness call;

    @BeforeEach
    void connect() throws Exception {
        call = new CallHarness();
        call.start();
    }

    @AfterEach
    void close() throws Exception {
        call.close();
    }

    private List<LiveEvent> events() {
        return List.copyOf(call.live);
    }

    @Test
    void aTurnOfTheConversationIsPublishedAsItHappens() throws Exception {
        String uuid = "call-under-test";
        CallHarness.ControlledTts.Stream greeting = call.tts.last();
        greeting.speakAll(1, 100);
        call.run();
        call.frames(greeting.chunks.size() + 2);
        call.run();
        String greetingText = greeting.text();
        assertThat(events()).startsWith(
                new LiveEvent.Started(uuid, ((LiveEvent.Started) events().get(0)).startedAtMillis(), "outbound",
                        "assistant-zh", null, null, null), // the channel data names no numbers
                new LiveEvent.StateChanged(uuid, "talking"));
        assertThat(events()).containsSubsequence(
                new LiveEvent.RobotText(uuid, 1, greetingText, false, false),
                new LiveEvent.Speaking(uuid, "robot", true),
                new LiveEvent.RobotText(uuid, 1, greetingText, true, false),
                new LiveEvent.Speaking(uuid, "robot", false),
                new LiveEvent.StateChanged(uuid, "listening"));

        call.callerSpeaks(300);
        call.asr.listener.onPartial("你们几点");
        call.run();
        LiveCall speaking = call.session().live();
        assertThat(speaking.callerSpeaking()).isTrue();
        assertThat(speaking.partial()).isEqualTo("你们几点");
        assertThat(speaking.transcript()).extracting(t -> t.speaker()).containsExactly("robot");
        call.callerStops();
        call.asr.listener.onFinal("你们几点下班");
        call.run();
        assertThat(events()).containsSubsequence(
                new LiveEvent.Speaking(uuid, "caller", true),
                new LiveEvent.CallerText(uuid, 2, "speech", "你们几点", true),
                new LiveEvent.Speaking(uuid, "caller", false),
                new LiveEvent.CallerText(uuid, 2, "speech", "你们几点下班", false));
        LiveCall answered = call.session().live();
        assertThat(answered.partial()).isEmpty();
        assertThat(answered.callerSpeaking()).isFalse();
        assertThat(answered.lastCallerText()).isEqualTo("你们几点下班");

        call.hangup();
        assertThat(events().getLast()).isEqualTo(new LiveEvent.Ended(uuid, "NORMAL_CLEARING", "caller_hangup"));
    }

    @Test
    void opsHangUpOnceAndASecondRequestFindsTheCallEnding() throws Exception {
        CompletableFuture<Boolean> first = call.session().hangupByOps();
        CompletableFuture<Boolean> second = call.session().hangupByOps();
        CompletableFuture<Boolean> transfer = call.session().transferByOps("8001");
        call.run();
        assertThat(first).isCompletedWithValue(true);
        assertThat(second).isCompletedWithValue(false);
        assertThat(transfer).isCompletedWithValue(false);
        assertThat(call.esl.commands).contains("hangup NORMAL_CLEARING").doesNotContain("execute transfer 8001");
        assertThat(call.record().result()).isEqualTo("ops_hangup");
        assertThat(events()).containsSubsequence(new LiveEvent.StateChanged("call-under-test", "hanging_up"),
                new LiveEvent.Ended("call-under-test", "NORMAL_CLEARING", "ops_hangup"));
    }

    @Test
    void opsTransferTheCallerAndTheRecordSaysSo() throws Exception {
        CompletableFuture<Boolean> transfer = call.session().transferByOps("8001");
        call.run();
        assertThat(transfer).isCompletedWithValue(true);
        assertThat(call.esl.commands).contains("execute transfer 8001");
        assertThat(call.record().result()).isEqualTo("ops_transfer");
        assertThat(call.record().transferredTo()).isEqualTo("8001");
        assertThat(events().getLast()).isEqualTo(new LiveEvent.Ended("call-under-test", null, "ops_transfer"));
    }
}
