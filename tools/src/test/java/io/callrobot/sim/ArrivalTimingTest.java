package io.callrobot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The online arrival statistics against hand-made arrival sequences. */
class ArrivalTimingTest {

    private static final long MS = 1_000_000L;
    private static final long BREAK = 60 * MS;

    private static ArrivalTiming arrive(long... millis) {
        ArrivalTiming timing = new ArrivalTiming(BREAK);
        for (long ms : millis) {
            timing.arrived(1_000 * MS + ms * MS);
        }
        return timing;
    }

    @Test
    void nothingReceivedIsAllZero() {
        assertThat(new ArrivalTiming(BREAK).snapshot()).isEqualTo(new FrameTimingStats(0, 0, 0, 0, 0, 0));
    }

    @Test
    void evenTwentyMillisecondFramesHaveNoJitterAndOneTalkSpurt() {
        FrameTimingStats stats = arrive(0, 20, 40, 60, 80).snapshot();
        assertThat(stats.frames()).isEqualTo(5);
        assertThat(stats.talkSpurts()).isEqualTo(1);
        assertThat(stats.meanIntervalMs()).isEqualTo(20.0);
        assertThat(stats.jitterMs()).isZero();
        assertThat(stats.maxIntervalMs()).isEqualTo(20.0);
        assertThat(stats.gapsOver30Ms()).isZero();
    }

    @Test
    void jitterFollowsRfc3550RunningEstimate() {
        // intervals 24, 16, 20: |D| = 4, 4, 0; J = 4/16 = 0.25, then 0.25 + (4 - 0.25)/16, then that * 15/16
        FrameTimingStats stats = arrive(0, 24, 40, 60).snapshot();
        double j = 0.25;
        j += (4 - j) / 16;
        j += (0 - j) / 16;
        assertThat(stats.jitterMs()).isCloseTo(j, within(1e-9));
        assertThat(stats.meanIntervalMs()).isCloseTo(20.0, within(1e-9));
        assertThat(stats.maxIntervalMs()).isEqualTo(24.0);
    }

    @Test
    void aHoleInsideATalkSpurtIsAGapAndAPauseStartsANewSpurt() {
        // 45 ms: a gap (over 30, under the 60 ms break); 500 ms: a pause between utterances, left out
        FrameTimingStats stats = arrive(0, 20, 65, 85, 585, 605).snapshot();
        assertThat(stats.frames()).isEqualTo(6);
        assertThat(stats.talkSpurts()).isEqualTo(2);
        assertThat(stats.gapsOver30Ms()).isEqualTo(1);
        assertThat(stats.maxIntervalMs()).isEqualTo(45.0);
        assertThat(stats.meanIntervalMs()).isCloseTo((20 + 45 + 20 + 20) / 4.0, within(1e-9));
    }

    @Test
    void deviationsFromTwentyMillisecondsAreBinned() {
        IntervalHistogram deviations = arrive(0, 20, 41, 59, 104, 600).deviations();
        assertThat(deviations.total()).isEqualTo(4); // the 496 ms pause is not an interval
        assertThat(deviations.count(IntervalHistogram.bin(0))).isEqualTo(1);
        assertThat(deviations.count(IntervalHistogram.bin(MS))).isEqualTo(1);
        assertThat(deviations.count(IntervalHistogram.bin(2 * MS))).isEqualTo(1);
        assertThat(deviations.count(IntervalHistogram.bin(25 * MS))).isEqualTo(1);
        assertThat(deviations.valueMs(IntervalHistogram.bin(MS))).isCloseTo(1.0, within(0.01));
        assertThat(deviations.valueMs(IntervalHistogram.bin(25 * MS))).isCloseTo(25.0, within(0.1));
    }
}
