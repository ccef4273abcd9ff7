package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the caller reads from the robot's arrival times, on hand-made sequences. */
class BenchCallTest {

    private static final long MS = 1_000_000L;

    private static long[] ms(long... millis) {
        long[] nanos = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            nanos[i] = millis[i] * MS;
        }
        return nanos;
    }

    @Test
    void lastFrameBeforeGapIsTheLastArrivalBeforeTwoHundredMillisecondsOfSilence() {
        long[] arrivals = ms(900, 1000, 1020, 1040, 1060, 1500, 1520);
        assertThat(BenchCall.lastFrameBeforeGap(arrivals, 1010 * MS)).isEqualTo(1060 * MS);
        // silence straight after the mark: the mark itself
        assertThat(BenchCall.lastFrameBeforeGap(ms(1000, 1400), 1100 * MS)).isEqualTo(1100 * MS);
        // no gap yet: the latest frame
        assertThat(BenchCall.lastFrameBeforeGap(ms(1000, 1020), 990 * MS)).isEqualTo(1020 * MS);
    }

    @Test
    void pauseAfterFindsTheFirstSilenceStartingWithinASecondOfTheSound() {
        // a 150 ms hole starting 100 ms after the sound at 1000
        long[] arrivals = ms(980, 1000, 1020, 1040, 1060, 1080, 1100, 1250, 1270);
        assertThat(BenchCall.pauseAfter(arrivals, 1000 * MS)).isEqualTo(150 * MS);
        // a hole shorter than 100 ms is not a pause
        assertThat(BenchCall.pauseAfter(ms(1000, 1020, 1100, 1120), 1000 * MS)).isZero();
        // a hole starting more than a second later is not this sound's pause
        assertThat(BenchCall.pauseAfter(ms(2050, 2070, 2400), 1000 * MS)).isZero();
    }
}
