package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.sim.IntervalHistogram;
import io.callrobot.sim.SimulatedCall;
import java.util.List;

/**
 * What one simulated caller does during the benchmark, over and over until the deadline: ask a
 * question and hear the whole answer; ask again and talk over the answer after a second of it; ask
 * again and, a second into the answer, make a sound that is not a turn (noise, clicks, a cough, a door,
 * a backchannel). Measured at the simulated switch, as a caller would experience it.
 *
 * <p>A small state machine with no thread of its own: {@link BenchCallers} steps every caller on one
 * thread every 20 ms, and each step only reads the call's counters and arrival times.
 */
final class BenchCall {

    private static final long WAIT_NANOS = 60_000_000_000L;
    private static final long QUIET_NANOS = 700_000_000L;
    private static final long STOP_GAP_NANOS = 200_000_000L;
    /** A pause after a sound outlasts QUIET with the old timings: wait for this much silence instead. */
    private static final long ANSWER_OVER_NANOS = 4_000_000_000L;
    /** A gap this long in the robot's frames, starting within PAUSE_WINDOW of the sound, is a pause. */
    private static final long PAUSE_GAP_NANOS = 100_000_000L;
    private static final long PAUSE_WINDOW_NANOS = 1_000_000_000L;
    /** Frames an answer may lose to a pause's fades before it counts as cut. */
    private static final int LOST_TOLERANCE = 5;
    /** A second of the answer heard before the caller talks over it. */
    private static final int SECOND_OF_ANSWER = 50;

    /** A sound that is not a turn and what the recogniser makes of it ({@code ""}: no words). */
    record Sound(String name, PcmAudio audio, String transcript) {
    }

    /** Where the caller is; each names what it waits for. */
    private enum Step {
        GREETING_START, GREETING_END,
        ASKED, ANSWER_START, ANSWER_END,
        BARGE_ASKED, BARGE_ANSWER_START, BARGE_ANSWER_SECOND, BARGED_IN, BARGE_ANSWER_END,
        SOUND_ASKED, SOUND_ANSWER_START, SOUND_ANSWER_SECOND, SOUND_MADE, SOUND_ANSWER_END,
        DONE
    }

    private final SimulatedCall call;
    private final PcmAudio utterance;
    private final long deadlineNanos;
    private final BenchResults results;
    private final FakeFunAsrServer asr;
    private final List<Sound> sounds;
    private int nextSound;

    private Step step = Step.GREETING_START;
    private long stepSince;
    private int before;
    private int answering;
    private int answerFrames;
    private long mark;
    private Sound sound;

    /** @param firstSound where in {@code sounds} this caller starts, so that all kinds play at once */
    BenchCall(SimulatedCall call, PcmAudio utterance, long deadlineNanos, BenchResults results,
            FakeFunAsrServer asr, List<Sound> sounds, int firstSound) {
        this.call = call;
        this.utterance = utterance;
        this.deadlineNanos = deadlineNanos;
        this.results = results;
        this.asr = asr;
        this.sounds = sounds;
        this.nextSound = firstSound;
    }

    SimulatedCall call() {
        return call;
    }

    /**
     * Moves on as far as the call allows at {@code now}; returns true once the caller has hung up.
     *
     * @throws IllegalStateException when the robot does not do what the step waits for within 60 s
     */
    boolean step(long now) {
        if (stepSince == 0) {
            stepSince = now;
        }
        Step from;
        do {
            from = step;
            advance(now);
            if (step != from) {
                stepSince = now;
            }
        } while (step != from && step != Step.DONE);
        if (step == Step.DONE) {
            return true;
        }
        if (now - stepSince > WAIT_NANOS) {
            throw new IllegalStateException("no progress past " + step + " within " + WAIT_NANOS / 1_000_000 + " ms");
        }
        if (call.hasHungUp()) {
            throw new IllegalStateException("the call ended while the caller waited at " + step);
        }
        return false;
    }

    private void advance(long now) {
        int frames = call.robotFrameCount();
        switch (step) {
            case GREETING_START -> {
                if (frames > 0) {
                    step = Step.GREETING_END;
                }
            }
            case GREETING_END -> {
                if (call.robotQuietFor(QUIET_NANOS)) {
                    nextTurn(now, frames);
                }
            }
            case ASKED -> {
                if (call.callerAudioSent()) {
                    mark = call.lastVoicedCallerFrameNanos();
                    step = Step.ANSWER_START;
                }
            }
            case ANSWER_START -> {
                if (frames > before) {
                    results.voiceToVoiceAtSwitch.add((call.robotFrameArrival(before) - mark) / 1e6);
                    step = Step.ANSWER_END;
                }
            }
            case ANSWER_END -> {
                if (call.robotQuietFor(QUIET_NANOS)) {
                    answerFrames = frames - before;
                    ask(frames, Step.BARGE_ASKED);
                }
            }
            case BARGE_ASKED, SOUND_ASKED -> {
                if (call.callerAudioSent()) {
                    step = step == Step.BARGE_ASKED ? Step.BARGE_ANSWER_START : Step.SOUND_ANSWER_START;
                }
            }
            case BARGE_ANSWER_START, SOUND_ANSWER_START -> {
                if (frames > before) {
                    answering = frames;
                    step = step == Step.BARGE_ANSWER_START ? Step.BARGE_ANSWER_SECOND : Step.SOUND_ANSWER_SECOND;
                }
            }
            case BARGE_ANSWER_SECOND -> {
                if (frames > answering + SECOND_OF_ANSWER) {
                    call.play(utterance);
                    step = Step.BARGED_IN;
                }
            }
            case BARGED_IN -> {
                if (call.callerAudioSent()) {
                    mark = call.callerUtteranceStartNanos();
                    step = Step.BARGE_ANSWER_END;
                }
            }
            case BARGE_ANSWER_END -> {
                if (call.robotQuietFor(QUIET_NANOS)) {
                    results.bargeInStopAtSwitch.add((lastFrameBeforeGap(call.robotFrameArrivals(before), mark) - mark) / 1e6);
                    if (now < deadlineNanos) {
                        sound = sounds.get(nextSound++ % sounds.size());
                        ask(frames, Step.SOUND_ASKED);
                    } else {
                        hangUp();
                    }
                }
            }
            case SOUND_ANSWER_SECOND -> {
                if (frames > answering + SECOND_OF_ANSWER) {
                    asr.recognizeAs(call.uuid(), sound.transcript());
                    call.play(sound.audio());
                    step = Step.SOUND_MADE;
                }
            }
            case SOUND_MADE -> {
                if (call.callerAudioSent()) {
                    mark = call.callerUtteranceStartNanos();
                    step = Step.SOUND_ANSWER_END;
                }
            }
            case SOUND_ANSWER_END -> {
                if (call.robotQuietFor(ANSWER_OVER_NANOS)) {
                    asr.recognizeAs(call.uuid(), null);
                    recordSound(frames);
                    nextTurn(now, frames);
                }
            }
            case DONE -> { }
        }
    }

    private void nextTurn(long now, int frames) {
        if (now < deadlineNanos) {
            ask(frames, Step.ASKED);
        } else {
            hangUp();
        }
    }

    private void ask(int frames, Step next) {
        before = frames;
        call.play(utterance);
        step = next;
    }

    private void hangUp() {
        call.hangup("NORMAL_CLEARING");
        recordFrameTiming(call.robotIntervalDeviations());
        step = Step.DONE;
    }

    /** Whether the robot paused over the sound, for how long, and what of its answer it lost. */
    private void recordSound(int frames) {
        BenchResults.FalsePauses r = results.falsePauses.computeIfAbsent(sound.name(),
                k -> new BenchResults.FalsePauses());
        r.played.incrementAndGet();
        long gap = pauseAfter(call.robotFrameArrivals(before), mark);
        int lost = Math.max(0, answerFrames - (frames - before));
        r.framesLost.addAndGet(lost);
        if (lost > LOST_TOLERANCE) {
            r.cut.incrementAndGet();
        }
        if (gap > 0) {
            r.paused.incrementAndGet();
            r.pauses.add(gap / 1e6);
        }
    }

    /** The first silence of at least PAUSE_GAP that began within PAUSE_WINDOW of {@code from} and ended in more frames; 0 if none. */
    static long pauseAfter(long[] arrivals, long from) {
        long previous = Long.MIN_VALUE;
        for (long at : arrivals) {
            if (previous >= from && previous - from <= PAUSE_WINDOW_NANOS && at - previous >= PAUSE_GAP_NANOS) {
                return at - previous;
            }
            previous = at;
        }
        return 0;
    }

    /** When the robot's last frame arrived before it fell silent after {@code from}. */
    static long lastFrameBeforeGap(long[] arrivals, long from) {
        long previous = from;
        for (long at : arrivals) {
            if (at <= from) {
                continue;
            }
            if (at - previous >= STOP_GAP_NANOS) {
                return previous;
            }
            previous = at;
        }
        return previous;
    }

    /** Deviation of each inter-arrival interval from 20 ms within talk spurts, and the gaps over 30 ms. */
    private void recordFrameTiming(IntervalHistogram deviations) {
        for (int bin = 0; bin < deviations.bins(); bin++) {
            int count = deviations.count(bin);
            if (count > 0) {
                results.frameJitter.add(deviations.valueMs(bin), count);
            }
        }
        results.gapsAtSwitch.addAndGet(call.robotFrameTiming().gapsOver30Ms());
    }
}
