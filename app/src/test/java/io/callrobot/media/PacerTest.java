package io.callrobot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drives the pacer by hand: each {@code tick} is one 1 ms slot of a manual clock. */
class PacerTest {

    private static final long MS = 1_000_000;

    private final Pacer pacer = new Pacer(20);
    private long slot;

    @Test
    void audioReachingAnIdleCallLeavesAtTheNextSlotThenEveryFrameTime() {
        FakeCall call = new FakeCall();
        pacer.register(call);
        runUntil(37);
        assertThat(call.sentMs).isEmpty();

        call.frames = 3;
        runUntil(100);

        assertThat(call.sentMs).containsExactly(37L, 57L, 77L);
    }

    @Test
    void aBusyCallSendsExactlyOneFramePerFrameTime() {
        FakeCall call = new FakeCall();
        call.frames = 1000;
        pacer.register(call);
        runUntil(400);

        assertThat(call.sentMs).hasSize(20);
        for (int i = 0; i < call.sentMs.size(); i++) {
            assertThat(call.sentMs.get(i)).isEqualTo(20L * i);
        }
        assertThat(pacer.stats().frames()).isEqualTo(20);
        assertThat(pacer.stats().ticks()).isEqualTo(400);
    }

    @Test
    void callsAreServedEachOnItsOwnPhase() {
        FakeCall a = new FakeCall();
        FakeCall b = new FakeCall();
        pacer.register(a);
        pacer.register(b);
        runUntil(3);
        a.frames = 5;
        runUntil(11);
        b.frames = 5;
        runUntil(200);

        assertThat(a.sentMs).containsExactly(3L, 23L, 43L, 63L, 83L);
        assertThat(b.sentMs).containsExactly(11L, 31L, 51L, 71L, 91L);
    }

    @Test
    void framesNeverComeCloserThanAFrameTimeAndAGapResumesAtTheNextSlot() {
        FakeCall call = new FakeCall();
        call.frames = 2;
        pacer.register(call);
        runUntil(25); // frames at 0 and 20; the queue ran dry
        call.frames = 1; // arrives 5 ms after the last frame: must wait for 40
        runUntil(53);
        call.frames = 1; // arrives 13 ms after the last frame: waits for 60
        runUntil(67);
        call.frames = 1; // arrives 7 ms after 60: waits for 80
        runUntil(200);
        call.frames = 1; // idle for a long time: leaves at once
        runUntil(202);

        assertThat(call.sentMs).containsExactly(0L, 20L, 40L, 60L, 80L, 200L);
    }

    @Test
    void dueComesOncePerFrameTimeOfTheCallsPhase() {
        FakeCall call = new FakeCall();
        pacer.register(call);
        runUntil(45);
        call.frames = 1;
        runUntil(100);

        assertThat(call.sentMs).containsExactly(45L);
        assertThat(call.dueMs).containsExactly(0L, 20L, 40L, 65L, 85L);
    }

    @Test
    void aFailingCallDoesNotStopTheOthersAndUnregisteredCallsAreNotServed() {
        FakeCall good = new FakeCall();
        good.frames = 10;
        Pacer.Paced failing = (now, due) -> {
            throw new IllegalStateException("bad call");
        };
        pacer.register(failing);
        pacer.register(good);
        runUntil(30);
        pacer.unregister(failing);
        pacer.unregister(good);
        runUntil(100);

        assertThat(good.sentMs).containsExactly(0L, 20L);
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

    /** Runs the slots before {@code endMs}. */
    private void runUntil(long endMs) {
        while (slot < endMs) {
            pacer.tick(slot++ * MS);
        }
    }

    /** A call with {@code frames} frames queued; records when it sent and when a frame was due. */
    private static final class FakeCall implements Pacer.Paced {
        int frames;
        final List<Long> sentMs = new ArrayList<>();
        final List<Long> dueMs = new ArrayList<>();

        @Override
        public boolean tick(long nowNanos, boolean due) {
            if (due) {
                dueMs.add(nowNanos / MS);
            }
            if (frames == 0) {
                return false;
            }
            frames--;
            sentMs.add(nowNanos / MS);
            return true;
        }
    }
}
