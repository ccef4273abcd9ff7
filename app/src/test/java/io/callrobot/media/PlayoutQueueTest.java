package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutQueueTest {

    private static final int FRAME = 160;

    private final PlayoutQueue queue = new PlayoutQueue(8000, 2, 0, new ResamplerFactory());
    private final List<String> events = new ArrayList<>();
    private final short[] frame = new short[FRAME];

    PlayoutQueueTest() {
        queue.setListener(new PlayoutListener() {
            @Override
            public void onFirstFrame(int turnId, long nanoTime) {
                events.add("first " + turnId);
            }

            @Override
            public void onTurnPlayed(int turnId, String heardText) {
                events.add("played " + turnId + " " + heardText);
            }
        });
    }

    @Test
    void heardTextIsPlayedSegmentsPlusSpokenPrefixOfTheCurrentOne() {
        String first = "你好，";
        String second = "我是小助手。";
        queue.write(1, first, audio(3 * FRAME, 1), 0, 3 * FRAME);
        queue.write(1, second, audio(6 * FRAME, 2), 0, 6 * FRAME);
        queue.endTurn(1);

        for (int i = 0; i < 6; i++) { // 3 frames of the first segment, half of the second
            assertThat(tick()).isEqualTo(FRAME);
        }
        Heard heard = queue.interrupt(1);

        assertThat(heard).isEqualTo(new Heard(1, "你好，我是小", true));
        assertThat(events).containsExactly("first 1");
    }

    @Test
    void aPauseSendsNothingKeepsWhatArrivesAndResumesWhereItStopped() {
        queue.write(1, "你好，我是小助手。", audio(4 * FRAME, 1), 0, 4 * FRAME);
        assertThat(tick()).isEqualTo(FRAME);
        queue.pause();
        queue.write(1, audio(2 * FRAME, 2), 0, 2 * FRAME);
        queue.endTurn(1);
        assertThat(tick()).isEqualTo(FRAME); // the fade-out of what was playing
        assertThat(frame[0]).isBetween((short) 1, (short) 999);
        assertThat(frame[FRAME - 1]).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(tick()).isZero();
        }
        assertThat(queue.underruns()).isZero();
        queue.resume();
        int sent = 0;
        while (tick() > 0) {
            sent++;
            if (sent == 1) { // the paused segment continues, fading back in
                assertThat(frame[0]).isBetween((short) 0, (short) 100);
                assertThat(frame[FRAME / 2]).isEqualTo((short) 1000);
            }
        }
        assertThat(sent).isEqualTo(5);
        assertThat(events).containsExactly("first 1", "played 1 你好，我是小助手。");
    }

    @Test
    void anInterruptEndsAPause() {
        queue.write(1, "一", audio(2 * FRAME, 1), 0, 2 * FRAME);
        queue.pause();
        queue.interrupt(1);
        queue.write(2, "二", audio(FRAME, 2), 0, FRAME);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(frame[0]).isEqualTo((short) 2000);
    }

    @Test
    void englishIsCutAtAWordBoundary() {
        String text = "Hello there, my friend";
        queue.write(7, text, audio(10 * FRAME, 3), 0, 10 * FRAME);
        for (int i = 0; i < 4; i++) { // 40 % of 22 characters = 8, inside "there"
            tick();
        }
        assertThat(queue.interrupt(7).text()).isEqualTo("Hello");
    }

    @Test
    void interruptStopsAtOnceAndDropsEverythingQueued() {
        queue.write(1, "one", audio(20 * FRAME, 1), 0, 20 * FRAME);
        queue.write(2, "two", audio(20 * FRAME, 2), 0, 20 * FRAME);
        tick();
        assertThat(queue.playing()).isTrue();

        queue.interrupt(1);

        assertThat(tick()).isEqualTo(FRAME); // the fade-out of the cut (see interruptFadesTheCut...)
        assertThat(frame[FRAME - 1]).isZero();
        assertThat(tick()).isZero();
        assertThat(queue.playing()).isFalse();
        assertThat(queue.queuedSamples()).isZero();
        queue.write(2, "two", audio(FRAME, 2), 0, FRAME); // producers not yet cancelled
        assertThat(tick()).isZero();
        assertThat(queue.staleSamples()).isEqualTo(FRAME);

        queue.write(3, "three", audio(FRAME, 3), 0, FRAME);
        queue.endTurn(3);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(frame[0]).isEqualTo((short) 3000);
    }

    @Test
    void interruptFadesTheCutToSilenceWithinOneFrameAndKeepsHeardExact() {
        short[] sine = new short[50 * FRAME];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (short) Math.round(32000 * Math.sin(2 * Math.PI * 313 * i / 8000.0));
        }
        String text = "一二三四五六七八九十";
        queue.write(1, text, sine, 0, sine.length);
        short[] sent = new short[0];
        for (int i = 0; i < 5; i++) { // 10 % of the turn: one character heard
            tick();
            sent = concat(sent, frame);
        }
        int fadeSamples = 8000 * PlayoutQueue.CUT_FADE_MILLIS / 1000;
        short last = sent[sent.length - 1];

        Heard heard = queue.interrupt(1);

        assertThat(heard).isEqualTo(new Heard(1, "一", true));
        assertThat(tick()).isEqualTo(FRAME);
        int maxSineStep = (int) Math.ceil(32000 * 2 * Math.PI * 313 / 8000.0);
        assertThat(Math.abs(frame[0] - last)).isLessThanOrEqualTo(maxSineStep);
        for (int i = 1; i < FRAME; i++) {
            assertThat(Math.abs(frame[i] - frame[i - 1])).as("step at %d", i).isLessThanOrEqualTo(maxSineStep);
        }
        assertThat(Math.abs(frame[0])).isGreaterThan(10_000); // it continues the waveform (mid-cycle here)
        assertThat(Math.abs(frame[fadeSamples - 1])).isLessThan(100);
        assertThat(Arrays.copyOfRange(frame, fadeSamples, FRAME)).containsOnly((short) 0);
        assertThat(tick()).isZero(); // and nothing after it
        assertThat(queue.idle()).isTrue();
    }

    @Test
    void interruptBeforeTheFirstFrameSendsNothing() {
        queue.write(1, "unheard", audio(10 * FRAME, 9), 0, 10 * FRAME);

        assertThat(queue.interrupt(1)).isEqualTo(new Heard(1, "", true));
        assertThat(tick()).isZero();
    }

    @Test
    void endedTurnReportsItsWholeTextAfterItsLastFrameAndPadsTheTail() {
        queue.beginSegment(4, "Good morning.");
        queue.write(4, audio(FRAME, 4), 0, FRAME);
        queue.beginSegment(4, "How can I help?");
        queue.write(4, audio(FRAME / 2, 5), 0, FRAME / 2);
        queue.endTurn(4);

        assertThat(tick()).isEqualTo(FRAME);
        assertThat(events).containsExactly("first 4");
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(frame[FRAME / 2 - 1]).isEqualTo((short) 5000);
        assertThat(frame[FRAME / 2]).isZero();
        assertThat(events).containsExactly("first 4", "played 4 Good morning. How can I help?");
        assertThat(tick()).isZero();
        assertThat(queue.playing()).isFalse();
        assertThat(queue.interrupt(4)).isEqualTo(Heard.NOTHING);
    }

    @Test
    void audioOfACutTurnThatArrivesAfterTheCutIsDroppedAndTheNextTurnPlays() {
        queue.startTurn(1);
        queue.interrupt(1); // barge-in before any of turn 1's audio arrived
        queue.write(1, "late", audio(5 * FRAME, 1), 0, 5 * FRAME);
        queue.endSegment(1);
        assertThat(tick()).isZero();
        assertThat(queue.staleSamples()).isEqualTo(5 * FRAME);

        queue.startTurn(2);
        queue.write(2, "next", audio(FRAME, 2), 0, FRAME);
        queue.endTurn(2);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(frame[0]).isEqualTo((short) 2000);
        assertThat(events).containsExactly("first 2", "played 2 next");
    }

    @Test
    void audioOfAnOlderTurnIsDroppedOnceTheCallStartedANewOneWhateverTheOrder() {
        queue.startTurn(3);
        queue.write(2, "old", audio(FRAME, 1), 0, FRAME);
        queue.write(3, "new", audio(FRAME, 3), 0, FRAME);
        queue.endTurn(3);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(frame[0]).isEqualTo((short) 3000);
        assertThat(queue.staleSamples()).isEqualTo(FRAME);
    }

    @Test
    void aStreamingChunkStartsOnceTheLeadIsQueuedAndRebuffersAfterAGap() {
        PlayoutQueue led = new PlayoutQueue(8000, 2, 60, new ResamplerFactory()); // 60 ms = 3 frames
        led.setListener(new PlayoutListener() {
        });
        led.write(1, "streaming", audio(2 * FRAME, 1), 0, 2 * FRAME);
        assertThat(led.take(frame, FRAME, true)).isZero();  // 40 ms queued, more on its way: wait
        assertThat(led.underruns()).isZero();                // not started: no gap heard
        led.write(1, "streaming", audio(FRAME, 1), 0, FRAME);
        assertThat(led.take(frame, FRAME, true)).isEqualTo(FRAME);
        assertThat(led.take(frame, FRAME, true)).isEqualTo(FRAME);
        assertThat(led.take(frame, FRAME, true)).isEqualTo(FRAME);
        assertThat(led.take(frame, FRAME, true)).isZero();  // a late block: one gap...
        led.write(1, "streaming", audio(FRAME, 1), 0, FRAME);
        assertThat(led.take(frame, FRAME, true)).isZero();  // ...and it waits for the lead again
        assertThat(led.underruns()).isEqualTo(2);
        led.write(1, "streaming", audio(2 * FRAME, 1), 0, 2 * FRAME);
        assertThat(led.take(frame, FRAME, true)).isEqualTo(FRAME);
    }

    @Test
    void aCompleteChunkPlaysAtOnceHoweverShort() {
        PlayoutQueue led = new PlayoutQueue(8000, 2, 60, new ResamplerFactory());
        led.setListener(new PlayoutListener() {
        });
        led.write(1, "好的，", audio(FRAME, 1), 0, FRAME);
        led.endSegment(1);
        assertThat(led.take(frame, FRAME, true)).isEqualTo(FRAME);
    }

    @Test
    void audioOfEndedOrOlderTurnsIsDropped() {
        queue.endTurn(5);
        queue.write(5, "late", audio(FRAME, 1), 0, FRAME);
        queue.write(3, "older", audio(FRAME, 1), 0, FRAME);
        assertThat(tick()).isZero();
        assertThat(queue.staleSamples()).isEqualTo(2 * FRAME);
        assertThat(events).containsExactly("played 5 ");
    }

    @Test
    void underrunIsCountedOnlyWithinAStartedOpenTurn() {
        queue.write(1, "a", audio(FRAME / 2, 1), 0, FRAME / 2);
        assertThat(tick()).isZero(); // not started yet: waiting for a full frame is not an underrun
        assertThat(queue.underruns()).isZero();
        queue.write(1, "a", audio(FRAME, 1), 0, FRAME);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(tick()).isZero();
        assertThat(queue.underruns()).isEqualTo(1);
        queue.endTurn(1);
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(events).containsExactly("first 1", "played 1 a");
    }

    @Test
    void underrunsCountOnlyWhenAFrameIsDueAndIdleHoldsUntilNewAudio() {
        queue.write(1, "a", audio(FRAME, 1), 0, FRAME);
        assertThat(queue.idle()).isFalse();
        assertThat(tick()).isEqualTo(FRAME);
        assertThat(queue.take(frame, FRAME, false)).isZero(); // polled between due slots
        assertThat(queue.underruns()).isZero();
        assertThat(queue.idle()).isTrue();
        assertThat(tick()).isZero(); // due and still nothing
        assertThat(queue.underruns()).isEqualTo(1);

        queue.write(1, "a", audio(FRAME / 2, 1), 0, FRAME / 2);
        assertThat(queue.idle()).isFalse();
        assertThat(queue.take(frame, FRAME, false)).isZero(); // half a frame is not a frame
        assertThat(queue.idle()).isTrue();
        queue.endTurn(1);
        assertThat(queue.idle()).isFalse();
        assertThat(queue.take(frame, FRAME, false)).isEqualTo(FRAME);
    }

    @Test
    void resamplersOfOneRatePairShareTheirTableButNotTheirStream() {
        Resampler a = queue.resamplerFrom(16000);
        Resampler b = queue.resamplerFrom(16000);
        assertThat(a.outRate()).isEqualTo(8000);
        short[] tone = ResamplerTest.sine(16000, 440, 1600, 8000);
        short[] fromA = a.process(tone, 0, tone.length);
        b.process(new short[800], 0, 800); // another stream in between must not disturb a
        short[] fromFreshB = queue.resamplerFrom(16000).process(tone, 0, tone.length);
        assertThat(fromFreshB).containsExactly(fromA);
    }

    @Test
    void queuedAudioIsBoundedAndTheExcessCounted() {
        short[] tooMuch = audio(3 * 8000, 1);
        queue.write(1, "long", tooMuch, 0, tooMuch.length);
        assertThat(queue.queuedSamples()).isEqualTo(2 * 8000);
        assertThat(queue.droppedSamples()).isEqualTo(8000);
    }

    @Test
    void framesKeepTheSamplesInOrderAcrossChunks() {
        short[] ramp = new short[3 * FRAME];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) i;
        }
        queue.write(1, "r", ramp, 0, 100);
        queue.write(1, "r", ramp, 100, ramp.length - 100);
        short[] sent = new short[0];
        while (tick() > 0) {
            sent = concat(sent, frame);
        }
        assertThat(sent).containsExactly(ramp);
    }

    private int tick() {
        int n = queue.take(frame, FRAME, true);
        queue.firePending(System.nanoTime());
        return n;
    }

    private static short[] audio(int samples, int value) {
        short[] pcm = new short[samples];
        Arrays.fill(pcm, (short) (value * 1000));
        return pcm;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
