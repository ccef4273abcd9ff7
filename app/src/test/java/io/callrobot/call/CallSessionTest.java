package io.callrobot.call;

import static io.callrobot.call.CallHarness.audio;
import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.ops.CallRecord;
import io.callrobot.ops.TurnRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exact interleavings of one call's events, driven without real waiting: barge-in and hang-up at
 * every step of a robot turn, and timers firing as providers answer. Robot audio is a constant per
 * turn (greeting 100, answers 200, 300, ...) so the frames the switch receives say whose they are.
 */
class CallSessionTest {

    private static final String QUESTION = "你们几点下班";

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

    /** The greeting is spoken in full and the call listens. */
    private void greeted() throws Exception {
        CallHarness.ControlledTts.Stream greeting = call.tts.last();
        assertThat(greeting.text()).contains("华信银行");
        greeting.speakAll(1, 100); // a frame per chunk
        call.run();
        int chunks = greeting.chunks.size();
        assertThat(call.frames(chunks + 2)).hasSize(chunks).containsOnly((short) 100);
    }

    /** The caller asks; the LLM is asked. */
    private CallHarness.ControlledLlm.Stream asked() throws Exception {
        greeted();
        call.callerSays(QUESTION);
        CallHarness.ControlledLlm.Stream answer = call.llm.last();
        assertThat(answer.request.messages().getLast().content()).isEqualTo(QUESTION);
        return answer;
    }

    /** The caller interrupts with words while the robot's turn is on. */
    private void interruptWith(String words) {
        call.callerSpeaks(200);
        call.asr.listener.onPartial(words);
        call.run();
    }

    private static List<TurnRecord> robotTurns(CallRecord record) {
        return record.turns().stream().filter(t -> t.speaker().equals("robot")).toList();
    }

    @Test
    void greetingThenAnAnswerStreamedFromTheFirstTokenToTheSwitch() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点", "下班。");
        call.run();
        CallHarness.ControlledTts.Stream tts = call.tts.last();
        assertThat(tts.text()).isEqualTo("我们晚上六点下班。");
        answer.complete();
        tts.speakAll(2, 200);
        call.run();
        assertThat(call.frames(3)).containsExactly((short) 200, (short) 200);
        call.hangup();
        assertThat(robotTurns(call.record())).extracting(TurnRecord::text, TurnRecord::planned, TurnRecord::interrupted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("您好，我是华信银行的智能语音助手，请问有什么可以帮您？", null, false),
                        org.assertj.core.groups.Tuple.tuple("我们晚上六点下班。", null, false));
    }

    @Test
    void bargeInBeforeTheFirstTokenCancelsTheRequestAndLateTokensSayNothing() throws Exception {
        CallHarness.ControlledLlm.Stream first = asked();
        interruptWith("我还想问");
        assertThat(first.cancelled).isTrue();
        CallHarness.ControlledTts.Stream cut = call.tts.last();
        assertThat(cut.cancelled).isTrue();
        first.tokens("我们晚上六点下班。"); // the provider had it in flight
        first.complete();
        call.run();
        assertThat(cut.chunks).isEmpty();
        call.callerStops();
        call.asr.listener.onFinal("我还想问周末");
        call.run();
        assertThat(call.llm.streams).hasSize(2);
        assertThat(call.llm.last().request.messages().getLast().content()).isEqualTo("我还想问周末");
    }

    @Test
    void bargeInMidStreamStopsPlayoutWithinAFrameAndKeepsOnlyWhatWasHeard() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点下班，", "周末也营业。");
        call.run();
        CallHarness.ControlledTts.Stream tts = call.tts.last();
        tts.audio(0, audio(10, 200));
        call.run();
        assertThat(call.frames(3)).containsExactly((short) 200, (short) 200, (short) 200);

        interruptWith("等一下");
        List<Short> after = call.frames(1);
        assertThat(after).hasSize(1);           // the faded cut, then silence
        assertThat(after.getFirst()).isBetween((short) 1, (short) 200);
        assertThat(tts.cancelled).isTrue();
        assertThat(answer.cancelled).isTrue();

        tts.audio(0, audio(10, 200));           // audio the provider had in flight
        answer.tokens("欢迎光临。");
        call.run();
        assertThat(call.frames(5)).isEmpty();
        call.hangup();
        TurnRecord cut = robotTurns(call.record()).getLast();
        assertThat(cut.interrupted()).isTrue();
        assertThat(cut.text()).isNotEmpty();
        assertThat("我们晚上六点下班，").startsWith(cut.text());
        // what was meant: all the answer had written when it was cut, not the tokens that came after
        assertThat(cut.planned()).isEqualTo("我们晚上六点下班，周末也营业。");
    }

    @Test
    void audioOfTheCutTurnArrivingBetweenTheCutAndItsCancelNeverPlaysAndTheNextTurnDoes() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点下班，");
        call.run();
        CallHarness.ControlledTts.Stream tts = call.tts.last();
        // the barge-in cuts playout on the media thread before the turn had any audio
        call.callerSpeaks(200);
        call.asr.listener.onPartial("不对");
        // the provider delivers before the call's thread has run the cut's follow-up
        tts.audio(0, audio(10, 200));
        tts.chunkDone(0);
        call.run();
        assertThat(call.frames(3)).isEmpty();

        call.callerStops();
        call.asr.listener.onFinal("不对我问的是周末");
        call.run();
        CallHarness.ControlledLlm.Stream next = call.llm.last();
        next.tokens("周末也营业。");
        next.complete();
        call.run();
        call.tts.last().speakAll(2, 300);
        call.run();
        assertThat(call.frames(3)).containsExactly((short) 300, (short) 300);
    }

    @Test
    void bargeInDuringTheFadeOfAPauseCutsOnceAndTheNextTurnPlays() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点下班，");
        answer.complete();
        call.run();
        CallHarness.ControlledTts.Stream tts = call.tts.last();
        tts.audio(0, audio(20, 200));
        call.run();
        assertThat(call.frames(2)).containsExactly((short) 200, (short) 200);
        call.callerSpeaks(200);                 // sound: playout pauses, fading out
        call.run();
        call.asr.listener.onPartial("停");      // the word confirms the cut while the fade is queued
        call.run();
        List<Short> fade = call.frames(3);
        assertThat(fade).hasSize(1);
        assertThat(tts.cancelled).isTrue();
        call.callerStops();
        call.asr.listener.onFinal("停一下");
        call.run();
        CallHarness.ControlledLlm.Stream next = call.llm.last();
        next.tokens("好的。");
        next.complete();
        call.run();
        call.tts.last().speakAll(1, 300);
        call.run();
        assertThat(call.frames(2)).containsExactly((short) 300);
    }

    @Test
    void aShortBackchannelPausesTheAnswerBrieflyAndItPlaysOnWithoutLosingAFrame() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点下班，");
        answer.complete();
        call.run();
        CallHarness.ControlledTts.Stream tts = call.tts.last();
        tts.audio(0, audio(20, 200));
        call.run();
        List<Short> heard = new ArrayList<>(call.frames(2));
        call.callerSpeaks(100);                 // a 嗯: the VAD is sure, the robot pauses at once
        call.callerGoesQuiet();
        List<Short> paused = call.frames(7);    // 140 ms of quiet
        assertThat(paused).hasSizeLessThanOrEqualTo(1); // at most the frame carrying the fade-out
        heard.addAll(paused);
        heard.addAll(call.frames(30));          // 150 ms of quiet: it plays on, fading back in
        assertThat(heard).hasSizeGreaterThanOrEqualTo(20).endsWith((short) 200);
        call.callerStops();
        call.asr.listener.onFinal("嗯");
        call.run();
        assertThat(tts.cancelled).isFalse();
        assertThat(answer.cancelled).isFalse();
        call.hangup();
        List<String> callerInputs = call.record().turns().stream().filter(t -> t.speaker().equals("caller"))
                .map(t -> t.input() + " " + t.text()).toList();
        assertThat(callerInputs).endsWith("noise ", "backchannel 嗯"); // the resume, then the word
    }

    @Test
    void hangupAtEveryStepOfATurnEndsOnceAndReleasesEverything() throws Exception {
        for (int step = 0; step < 5; step++) {
            call.close();
            call = new CallHarness();
            call.start();
            hangUpAt(step);
            assertThat(call.ended()).as("step %d", step).isTrue();
            assertThat(call.records).as("step %d", step).hasSize(1);
            assertThat(call.portsInUse()).as("step %d", step).isZero();
            assertThat(call.esl.closed).as("step %d", step).isTrue();
            assertThat(call.asr.cancelled).as("step %d", step).isTrue();
            assertThat(call.tts.streams).as("step %d", step).allSatisfy(s -> assertThat(s.cancelled || s.finished).isTrue());
            assertThat(call.llm.streams).as("step %d", step).allSatisfy(s -> assertThat(s.cancelled).isTrue());
            call.advance(60_000); // no timer of the call does anything after its end
            assertThat(call.records).as("step %d", step).hasSize(1);
            assertThat(call.clock.pending()).as("step %d", step).isZero();
        }
    }

    private void hangUpAt(int step) throws Exception {
        switch (step) {
            case 0 -> call.hangup();                                  // before the greeting's audio
            case 1 -> {                                               // while the greeting plays
                call.tts.last().audio(0, audio(10, 100));
                call.run();
                call.frames(2);
                call.hangup();
            }
            case 2 -> {                                               // waiting for the first token
                asked();
                call.hangup();
            }
            case 3 -> {                                               // tokens streaming, audio arriving
                CallHarness.ControlledLlm.Stream answer = asked();
                answer.tokens("我们晚上六点下班，");
                call.run();
                call.tts.last().audio(0, audio(5, 200));
                call.hangup();
                answer.tokens("周末也营业。");                         // after the end: ignored
                call.tts.last().audio(0, audio(5, 200));
                call.run();
                assertThat(call.frames(3)).isEmpty();
            }
            case 4 -> {                                               // the caller is mid-utterance
                greeted();
                call.callerSpeaks(100);
                call.run();
                call.hangup();
                call.callerStops();
                call.asr.listener.onFinal("喂");
                call.run();
            }
            default -> throw new IllegalArgumentException("step " + step);
        }
    }

    @Test
    void aTokenArrivingAsTheFirstTokenTimeOutFiresIsSpokenAndTheFallbackIsNot() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        answer.tokens("我们晚上六点下班。");      // posted to the call, not yet run...
        call.clock.advance(3_000, java.util.concurrent.TimeUnit.MILLISECONDS); // ...when the time-out fires
        answer.complete();
        call.run();
        assertThat(call.tts.last().text()).isEqualTo("我们晚上六点下班。");
        assertThat(answer.cancelled).isFalse();
    }

    @Test
    void theFirstTokenTimeOutFiringBeforeTheTokenIsRunSpeaksTheFallbackOnly() throws Exception {
        CallHarness.ControlledLlm.Stream answer = asked();
        call.clock.advance(3_000, java.util.concurrent.TimeUnit.MILLISECONDS); // the time-out is queued first
        answer.tokens("我们晚上六点下班。");
        answer.complete();
        call.run();
        assertThat(call.tts.last().text()).startsWith("抱歉");
        assertThat(answer.cancelled).isTrue();
        call.hangup();
        assertThat(call.record().errors()).anyMatch(e -> e.contains("firstTokenTimeoutMillis"));
    }

    @Test
    void aRepromptDueAsTheCallerStartsSpeakingIsHeldAndDroppedForTheCallersWords() throws Exception {
        greeted();
        call.clock.advance(8_000, java.util.concurrent.TimeUnit.MILLISECONDS); // no-input time-out queued...
        call.callerSpeaks(100);                                                // ...as the caller speaks
        call.run();
        CallHarness.ControlledTts.Stream reprompt = call.tts.last();
        assertThat(call.tts.streams).hasSize(2);
        reprompt.speakAll(3, 400);
        call.run();
        assertThat(call.frames(3)).isEmpty(); // never talks over the caller
        call.callerStops();
        call.asr.listener.onFinal(QUESTION);
        call.run();
        assertThat(reprompt.cancelled).isTrue();
        assertThat(call.llm.streams).hasSize(1);
        assertThat(call.llm.last().request.messages().getLast().content()).isEqualTo(QUESTION);
        assertThat(call.frames(3)).isEmpty();
    }
}
