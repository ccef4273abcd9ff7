package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.config.BargeInConfig;
import io.callrobot.dialog.BargeIn;
import io.callrobot.media.Heard;
import io.callrobot.time.CallClock;
import io.callrobot.time.ManualClock;
import io.callrobot.time.ManualExecutor;
import io.callrobot.time.OwnerTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BargeInDetectorTest {

    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock();
    private final ManualExecutor callThread = new ManualExecutor();
    /** What happened to playout and the call, in order. */
    private final List<String> events = new ArrayList<>();
    private final List<Long> stops = new ArrayList<>();

    private final BargeInDetector.Playback playback = new BargeInDetector.Playback() {
        @Override
        public void pause() {
            record("pause");
        }

        @Override
        public void resume() {
            record("resume");
        }

        @Override
        public Heard interrupt(int turnId) {
            record("cut " + turnId);
            return new Heard(7, "您好，我", true);
        }
    };

    private final BargeInDetector.Owner owner = new BargeInDetector.Owner() {
        @Override
        public void interrupted(int turnId, Heard heard, long stopNanos) {
            stops.add(stopNanos);
            record("interrupted " + turnId + " " + heard.text());
        }

        @Override
        public void resumed(int turnId, long pausedNanos) {
            record("resumed " + turnId);
        }
    };

    private void record(String event) {
        events.add(event);
    }

    /** What happened, once the call's thread has run what the detector handed it. */
    private List<String> events() {
        callThread.runAll();
        return events;
    }

    /** Moves time on and lets the call's thread run the timers that fell due. */
    private void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
        callThread.runAll();
    }

    private BargeInDetector detector(BargeIn.Mode mode, long resumeAfterMillis) {
        BargeIn fallback = new BargeIn(mode, 160, BargeInConfig.defaults().backchannels());
        BargeInDetector d = new BargeInDetector(playback, new OwnerTimers(clock, callThread), callThread, fallback,
                resumeAfterMillis * MS, 400 * MS, 200 * MS, owner);
        d.recognizer(true);
        return d;
    }

    /** A turn the caller already hears. */
    private static void playing(BargeInDetector d, int turnId) {
        d.turnStarted(turnId);
        d.audible(turnId);
    }

    @Test
    void vadModePausesAtMinSpeechAndTheFirstWordConfirmsTheCut() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 7);
        long firstVoiced = clock.nanoTime() - 200 * MS;
        d.speechStarted(firstVoiced);
        assertThat(events()).containsExactly("pause");
        d.words("我要");
        assertThat(events()).containsExactly("pause", "cut 7", "interrupted 7 您好，我");
        // the robot stopped at the pause, not at the word
        assertThat(stops.get(0)).isBetween(0L, 200 * MS + 50 * MS);
    }

    @Test
    void vadModeWaitsForTheMinimumSpeechBeforePausing() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 1);
        d.speechStarted(clock.nanoTime());
        advance(159);
        assertThat(events()).isEmpty();
        advance(1);
        assertThat(events()).containsExactly("pause");
    }

    @Test
    void noiseWithoutWordsResumesThePromptAndLaterWordsOfThatSoundDoNotCut() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 3);
        d.speechStarted(clock.nanoTime() - 300 * MS);
        d.speechEnded();
        d.nothingSaid();
        d.words("嗯"); // a late result of the same sound
        assertThat(events()).containsExactly("pause", "resume", "resumed 3");
    }

    @Test
    void aPauseWithNoWordsWithinResumeAfterOfTheSoundsEndPlaysOn() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 30);
        playing(d, 2);
        d.speechStarted(clock.nanoTime() - 300 * MS);
        d.speechEnded();
        advance(29);
        assertThat(events()).containsExactly("pause");
        advance(1);
        assertThat(events()).containsExactly("pause", "resume", "resumed 2");
    }

    @Test
    void whileTheCallerGoesOnThePauseWaitsLongerThanResumeAfter() {
        List<Long> delays = new ArrayList<>();
        CallClock recording = new CallClock() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public Timer schedule(Runnable task, long delay, TimeUnit unit) {
                delays.add(unit.toMillis(delay));
                return clock.schedule(task, delay, unit);
            }
        };
        BargeIn fallback = new BargeIn(BargeIn.Mode.VAD, 160, BargeInConfig.defaults().backchannels());
        BargeInDetector d = new BargeInDetector(playback, new OwnerTimers(recording, callThread), callThread,
                fallback, 2_000 * MS, 400 * MS, 200 * MS, owner);
        d.recognizer(true);
        playing(d, 1);
        d.speechStarted(clock.nanoTime() - 300 * MS); // pauses at once: the caller is still talking
        assertThat(delays).containsExactly(8_000L);
        d.speechEnded();
        assertThat(delays).containsExactly(8_000L, 2_000L);
        advance(1_999);
        assertThat(events()).containsExactly("pause");
        advance(1);
        assertThat(events()).containsExactly("pause", "resume", "resumed 1");
    }

    @Test
    void withoutARecogniserVadSpeechCutsAtOnce() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.recognizer(false);
        playing(d, 4);
        d.speechStarted(clock.nanoTime() - 200 * MS);
        assertThat(events()).containsExactly("cut 4", "interrupted 4 您好，我");
    }

    @Test
    void wordsModeTalksOnThroughBackchannelsAndStopsAtTheFirstRealWord() {
        BargeInDetector d = detector(BargeIn.Mode.WORDS, 60_000);
        playing(d, 5);
        d.speechStarted(clock.nanoTime() - 500 * MS);
        d.words("嗯");
        d.words("嗯，对");
        assertThat(events()).isEmpty();
        assertThat(d.callerSaid("嗯，对对")).isEqualTo(BargeInDetector.Verdict.IGNORE);
        d.speechStarted(clock.nanoTime() - 300 * MS);
        d.words("嗯我要");
        assertThat(events()).containsExactly("cut 5", "interrupted 5 您好，我");
        assertThat(stops.get(0)).isGreaterThanOrEqualTo(300 * MS);
    }

    @Test
    void aDisabledPromptIgnoresSpeechWordsAndKeys() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 6);
        d.policy(6, BargeIn.DISABLED);
        d.speechStarted(clock.nanoTime() - 500 * MS);
        d.words("我要转人工");
        assertThat(d.callerSaid("我要转人工")).isEqualTo(BargeInDetector.Verdict.IGNORE);
        assertThat(d.keyPressed()).isEqualTo(BargeInDetector.Verdict.IGNORE);
        assertThat(events()).isEmpty();
    }

    @Test
    void aPromptsOwnModeOverridesTheServerDefaultForThatTurnOnly() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 1);
        d.policy(1, new BargeIn(BargeIn.Mode.WORDS, null, null));
        d.speechStarted(clock.nanoTime() - 500 * MS);
        assertThat(events()).isEmpty(); // words mode: no pause on sound
        d.speechEnded();
        d.turnEnded(1);
        playing(d, 2);
        d.speechStarted(clock.nanoTime() - 500 * MS);
        assertThat(events()).containsExactly("pause");
    }

    @Test
    void aReplyIsHeldWhileTheCallerIsMidUtteranceAndPlaysWhenTheSoundComesToNothing() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.speechStarted(clock.nanoTime());
        d.turnStarted(1);
        assertThat(events()).containsExactly("pause");
        d.words("喂"); // a greeting word does not cut a reply the caller has not heard
        d.speechEnded();
        d.nothingSaid();
        assertThat(events()).containsExactly("pause", "resume", "resumed 1");
    }

    @Test
    void aHeldReplyIsDroppedWhenTheCallerSaysSomething() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.speechStarted(clock.nanoTime());
        d.turnStarted(1);
        d.words("我还想问");
        assertThat(events()).containsExactly("pause", "cut 1", "interrupted 1 您好，我");
        assertThat(stops).containsExactly(-1L); // nothing of it was heard: no stop time
    }

    @Test
    void aHeldUninterruptiblePromptPlaysOnceTheCallerHasSpoken() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.speechStarted(clock.nanoTime());
        d.turnStarted(1);
        d.policy(1, BargeIn.DISABLED);
        d.words("你们是哪里");
        assertThat(d.callerSaid("你们是哪里")).isEqualTo(BargeInDetector.Verdict.IGNORE);
        assertThat(events()).containsExactly("pause", "resume");
    }

    @Test
    void theUtteranceBeingAnsweredDoesNotHoldItsOwnAnswer() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.speechStarted(clock.nanoTime());
        d.utteranceTaken(); // the final came before the VAD's silence
        d.turnStarted(1);
        d.words("我明天还款"); // a second final of the same utterance
        assertThat(events()).isEmpty();
    }

    @Test
    void withoutARecogniserAHeldReplyPlaysWhenTheCallerStops() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        d.recognizer(false);
        d.speechStarted(clock.nanoTime());
        d.turnStarted(1);
        d.speechEnded();
        assertThat(events()).containsExactly("pause", "resume", "resumed 1");
    }

    @Test
    void aTurnEndingWhilePausedLeavesPlayoutRunning() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 1);
        d.speechStarted(clock.nanoTime() - 500 * MS);
        d.turnEnded(1);
        d.words("我要");
        assertThat(events()).containsExactly("pause", "resume");
    }

    @Test
    void interruptNowCutsOnceEvenIfAnotherThreadCutFirst() {
        BargeInDetector d = detector(BargeIn.Mode.WORDS, 60_000);
        playing(d, 9);
        d.speechStarted(clock.nanoTime() - 500 * MS);
        d.words("转人工");
        assertThat(d.callerSaid("转人工")).isEqualTo(BargeInDetector.Verdict.INTERRUPT);
        d.interruptNow();
        assertThat(events()).containsExactly("cut 9", "interrupted 9 您好，我");
    }

    @Test
    void aShortBurstResumesAfterShortSoundResumeOfQuietAndItsBackchannelIsIgnored() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 3);
        d.speechStarted(clock.nanoTime() - 200 * MS); // a cough: paused at once
        d.words("嗯");
        assertThat(events()).containsExactly("pause"); // a backchannel does not cut
        d.voicePaused(clock.nanoTime() - 32 * MS);
        advance(167);
        assertThat(events()).containsExactly("pause");
        advance(1);
        assertThat(events()).containsExactly("pause", "resume", "resumed 3");
        d.speechEnded();
        assertThat(d.callerSaid("嗯")).isEqualTo(BargeInDetector.Verdict.IGNORE);
        advance(10_000);
        assertThat(events()).containsExactly("pause", "resume", "resumed 3");
    }

    @Test
    void voiceComingBackAfterAShortBurstPausesAgainAndItsWordCuts() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 4);
        d.speechStarted(clock.nanoTime() - 200 * MS);
        d.voicePaused(clock.nanoTime());
        advance(200);
        d.voiceResumed(clock.nanoTime()); // "喂 ... 等一下"
        assertThat(events()).containsExactly("pause", "resume", "resumed 4", "pause");
        d.words("等一下");
        assertThat(events()).containsExactly("pause", "resume", "resumed 4", "pause", "cut 4",
                "interrupted 4 您好，我");
    }

    @Test
    void voiceReturningBeforeTheShortResumeKeepsThePause() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 60_000);
        playing(d, 5);
        d.speechStarted(clock.nanoTime() - 200 * MS);
        d.voicePaused(clock.nanoTime());
        advance(100);
        d.voiceResumed(clock.nanoTime());
        advance(1_000);
        assertThat(events()).containsExactly("pause");
    }

    @Test
    void aBurstLongerThanShortSoundWaitsForResumeAfter() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 2_000);
        playing(d, 6);
        d.speechStarted(clock.nanoTime() - 401 * MS);
        d.voicePaused(clock.nanoTime());
        advance(600);
        d.speechEnded();
        advance(1_999);
        assertThat(events()).containsExactly("pause");
        advance(1);
        assertThat(events()).containsExactly("pause", "resume", "resumed 6");
    }

    @Test
    void theVadsEndOfSpeechDoesNotPutOffAShortBurstsResume() {
        BargeInDetector d = detector(BargeIn.Mode.VAD, 2_000);
        playing(d, 7);
        d.speechStarted(clock.nanoTime() - 200 * MS);
        d.voicePaused(clock.nanoTime());
        d.speechEnded(); // a VAD with a hangover shorter than shortSoundResume
        advance(200);
        assertThat(events()).containsExactly("pause", "resume", "resumed 7");
    }
}
