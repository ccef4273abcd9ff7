package io.callrobot.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.time.ManualClock;
import io.callrobot.time.ManualExecutor;
import io.callrobot.time.OwnerTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallerTurnsTest {

    private final ManualClock clock = new ManualClock();
    private final ManualExecutor callThread = new ManualExecutor();
    private final OwnerTimers timers = new OwnerTimers(clock, callThread);
    private final List<String> turns = new ArrayList<>();
    private final List<Long> eous = new ArrayList<>();
    private final CallerTurns.Listener listener = new CallerTurns.Listener() {
        @Override
        public void turnEnded(String text, long eouNanos, long finalNanos) {
            turns.add(text);
            eous.add(eouNanos);
        }

        @Override
        public void nothingSaid() {
            turns.add("<nothing>");
        }
    };

    private CallerTurns turns(long waitMillis) {
        return new CallerTurns(timers, waitMillis, false, listener);
    }

    /** Moves time on and lets the call's thread run the time-outs that fell due. */
    private void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
        callThread.runAll();
    }

    @Test
    void anEmptyFinalAfterTheSilenceMeansNothingWasSaidWithoutWaiting() {
        CallerTurns t = turns(60_000);
        t.speechStarted();
        t.speechEnded(1_000);
        t.finalText("", 2_000);
        assertThat(turns).containsExactly("<nothing>");
        t.finalText("嗯", 3_000); // a late result of the same sound changes nothing
        assertThat(turns).containsExactly("<nothing>");
    }

    @Test
    void anEmptyFinalWhileSpeakingOrAfterAPartialIsNotNothing() {
        CallerTurns t = turns(60_000);
        t.speechStarted();
        t.finalText("", 1_000);
        t.partial("我想");
        t.speechEnded(2_000);
        t.finalText("", 3_000);
        assertThat(turns).isEmpty();
    }

    @Test
    void turnEndBothHoldsAFinalHeardMidSpeechUntilTheSilence() {
        CallerTurns t = new CallerTurns(timers, 60_000, true, listener);
        t.speechStarted();
        t.finalText("我想问一下", 5_000);
        assertThat(turns).isEmpty();
        t.finalText("还款日是哪天", 6_000);
        t.speechEnded(7_000);
        assertThat(turns).containsExactly("我想问一下还款日是哪天");
        assertThat(eous).containsExactly(7_000L);
    }

    @Test
    void turnEndBothKeepsASpaceBetweenEnglishFinals() {
        CallerTurns t = new CallerTurns(timers, 60_000, true, listener);
        t.speechStarted();
        t.finalText("I want to pay", 5_000);
        t.finalText("tomorrow", 6_000);
        t.speechEnded(7_000);
        assertThat(turns).containsExactly("I want to pay tomorrow");
    }

    @Test
    void turnEndBothEndsAtOnceOnAFinalAfterTheSilence() {
        CallerTurns t = new CallerTurns(timers, 60_000, true, listener);
        t.speechStarted();
        t.speechEnded(1_000);
        t.finalText("好的", 2_000);
        assertThat(turns).containsExactly("好的");
        assertThat(eous).containsExactly(1_000L);
    }

    @Test
    void theFinalEndsTheTurnOnceAtTheVadsEndOfUtterance() {
        CallerTurns t = turns(60_000);
        t.speechStarted();
        t.partial("我明");
        t.speechEnded(1_000);
        t.finalText("我明天还款", 5_000);
        t.finalText("我明天还款。", 6_000);
        assertThat(turns).containsExactly("我明天还款");
        assertThat(eous).containsExactly(1_000L);
    }

    @Test
    void aFinalWhileStillSpeakingCountsFromItsArrival() {
        CallerTurns t = turns(60_000);
        t.speechStarted();
        t.finalText("是我", 7_000);
        assertThat(eous).containsExactly(7_000L);
    }

    @Test
    void withoutAFinalThePartialEndsTheTurnAfterTheWait() {
        CallerTurns t = turns(20);
        t.speechStarted();
        t.partial("转人工");
        t.speechEnded(1_000);
        advance(19);
        assertThat(turns).isEmpty();
        advance(1);
        assertThat(turns).containsExactly("转人工");
    }

    @Test
    void soundWithoutWordsIsReportedAsNothingSaid() {
        CallerTurns t = turns(20);
        t.speechStarted();
        t.speechEnded(1_000);
        advance(20);
        assertThat(turns).containsExactly("<nothing>");
    }

    @Test
    void eachUtteranceGetsItsOwnTurnAndBlankFinalsAreIgnored() {
        CallerTurns t = turns(60_000);
        t.speechStarted();
        t.finalText("  ", 1);
        t.finalText("第一句", 2);
        t.speechEnded(3);
        t.speechStarted();
        t.speechEnded(4);
        t.finalText("第二句", 5);
        assertThat(turns).containsExactly("第一句", "第二句");
        t.close();
    }
}
