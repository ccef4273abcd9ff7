package io.callrobot.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batcher's gather, on a clock the test moves: when a batch starts, and that it stops. */
class SileroVadBatcherTest {

    private static final int RATE = 8000;
    private static final long GATHER = TimeUnit.MILLISECONDS.toNanos(8);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Gate off: every window goes to the batcher. */
    private static final SileroConfig OPEN = SileroConfig.defaults().withGateDbfs(-100);
    private static SileroVadModel model;

    private final SteppedGatherClock clock = new SteppedGatherClock();
    private final short[] window = new short[SileroVadModel.windowSamples(RATE)];

    @BeforeAll
    static void load() {
        model = new SileroVadModel(SileroTestAudio.modelPath());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    SileroVadBatcherTest() {
        SileroTestAudio.addNoise(window, 3000, new Random(1));
    }

    @Test
    void aWindowReadyAloneIsInferredOnlyOnceTheGatherHasPassed() throws Exception {
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ofNanos(GATHER), clock).start()) {
            SileroVad vad = batcher.newVad(RATE, OPEN);
            vad.process(window, 0, window.length);
            assertThat(clock.nextPark()).as("one park for the whole gather").isEqualTo(GATHER);

            clock.advance(GATHER - MS);
            assertThat(clock.nextPark()).as("woken early, it parks for the rest").isEqualTo(MS);
            assertThat(batcher.runs()).isZero();
            assertThat(vad.speaking()).isFalse();
            assertThat(vad.pending()).as("not answered before the gather's end").isTrue();

            clock.advance(MS);
            awaitAnswered(vad);
            assertThat(batcher.runs()).isEqualTo(1);
            assertThat(vad.decidedWindows()).isEqualTo(1);
            assertThat(clock.parksWaiting()).isZero();
        }
    }

    @Test
    void windowsArrivingDuringTheGatherJoinItsBatchWithoutWakingTheBatcher() throws Exception {
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ofNanos(GATHER), clock).start()) {
            SileroVad[] vads = new SileroVad[6];
            for (int i = 0; i < vads.length; i++) {
                vads[i] = batcher.newVad(RATE, OPEN);
            }
            vads[0].process(window, 0, window.length);
            assertThat(clock.nextPark()).isEqualTo(GATHER);
            clock.advance(3 * MS);
            assertThat(clock.nextPark()).isEqualTo(GATHER - 3 * MS);
            for (int i = 1; i < vads.length; i++) {
                vads[i].process(window, 0, window.length);
            }
            assertThat(clock.unparks()).as("no wake-up per window").isZero();

            clock.advance(GATHER - 3 * MS);
            for (SileroVad vad : vads) {
                awaitAnswered(vad);
            }
            assertThat(batcher.runs()).as("one run for all").isEqualTo(1);
            assertThat(batcher.inferredWindows()).isEqualTo(vads.length);
        }
    }

    @Test
    void aFullBatchStartsBeforeTheGatherEnds() throws Exception {
        int maxBatch = 4;
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, maxBatch, Duration.ofNanos(GATHER), clock).start()) {
            SileroVad[] vads = new SileroVad[maxBatch];
            for (int i = 0; i < maxBatch; i++) {
                vads[i] = batcher.newVad(RATE, OPEN);
            }
            vads[0].process(window, 0, window.length);
            assertThat(clock.nextPark()).isEqualTo(GATHER);
            for (int i = 1; i < maxBatch - 1; i++) {
                vads[i].process(window, 0, window.length);
            }
            assertThat(clock.unparks()).isZero();
            vads[maxBatch - 1].process(window, 0, window.length);
            assertThat(clock.unparks()).as("the window that fills the batch wakes the batcher").isEqualTo(1);

            for (SileroVad vad : vads) {
                awaitAnswered(vad); // the clock never moved
            }
            assertThat(batcher.runs()).isEqualTo(1);
            assertThat(batcher.inferredWindows()).isEqualTo(maxBatch);
        }
    }

    @Test
    void theGatherCountsFromWhenTheWindowBecameReady() {
        SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ofNanos(GATHER), clock);
        try (batcher) {
            SileroVad vad = batcher.newVad(RATE, OPEN);
            vad.process(window, 0, window.length); // ready while the batcher is busy (here: not yet started)
            clock.advance(GATHER);
            batcher.start();
            awaitAnswered(vad);
            assertThat(clock.parksWaiting()).as("inferred at once, without a park").isZero();
        }
    }

    @Test
    void gatherZeroInfersAtOnce() {
        try (SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ZERO, clock).start()) {
            SileroVad vad = batcher.newVad(RATE, OPEN);
            vad.process(window, 0, window.length);
            awaitAnswered(vad); // the clock never moves
            assertThat(clock.parksWaiting()).isZero();
            assertThat(batcher.runs()).isEqualTo(1);
        }
    }

    @Test
    void closeDuringAGatherEndsTheThread() throws Exception {
        SileroVadBatcher batcher = new SileroVadBatcher(model, 16, Duration.ofNanos(GATHER), clock).start();
        SileroVad vad = batcher.newVad(RATE, OPEN);
        vad.process(window, 0, window.length);
        assertThat(clock.nextPark()).isEqualTo(GATHER); // the clock never moves: only close ends this gather

        batcher.close();

        assertThat(clock.parker().getName()).isEqualTo("silero-vad");
        assertThat(clock.parker().isAlive()).as("ended within close, not left behind by its join time-out").isFalse();
        assertThat(batcher.runs()).isZero();
    }

    @Test
    void gatherOutsideOneWindowIsRefused() {
        assertThatThrownBy(() -> new SileroVadBatcher(model, 16, Duration.ofMillis(33)))
                .hasMessageContaining("gather").hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> new SileroVadBatcher(model, 16, Duration.ofMillis(-1)))
                .hasMessageContaining("gather");
    }

    /** Waits until the batcher answered {@code vad}'s window and the detector took the answer. */
    private static void awaitAnswered(SileroVad vad) {
        await("the batcher's answer").pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            vad.speaking(); // takes a finished result
            return !vad.pending();
        });
    }
}
