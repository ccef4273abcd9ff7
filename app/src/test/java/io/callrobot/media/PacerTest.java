package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void tickRunsEveryRegisteredCallAndSurvivesAFailingOne() {
        Pacer pacer = new Pacer(20);
        List<Long> seen = new ArrayList<>();
        LongConsumer failing = now -> {
            throw new IllegalStateException("bad call");
        };
        LongConsumer recording = seen::add;
        pacer.register(failing);
        pacer.register(recording);

        pacer.tick(5);
        pacer.unregister(failing);
        pacer.tick(6);
        pacer.unregister(recording);
        pacer.tick(7);

        assertThat(seen).containsExactly(5L, 6L);
        assertThat(pacer.stats().ticks()).isEqualTo(3);
        assertThat(pacer.stats().calls()).isZero();
    }

    @Test
    void latenessPercentilesComeFromTheHistogram() {
        LatenessHistogram histogram = new LatenessHistogram();
        for (int i = 0; i < 98; i++) {
            histogram.record(10_000);
        }
        histogram.record(1_230_000);
        histogram.record(-5); // woke up early: counted as on time
        assertThat(histogram.percentile(0.5)).isEqualTo(LatenessHistogram.BUCKET_NANOS);
        assertThat(histogram.percentile(0.99)).isEqualTo(LatenessHistogram.BUCKET_NANOS);
        assertThat(histogram.percentile(1.0)).isEqualTo(1_250_000);
        assertThat(histogram.max()).isEqualTo(1_230_000);
    }
}
