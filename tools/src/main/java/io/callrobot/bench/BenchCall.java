package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.List;

/**
 * What one simulated caller does during the benchmark, over and over until the deadline: ask a
 * question and hear the whole answer; ask again and talk over the answer after a second of it; ask
 * again and, a second into the answer, make a sound that is not a turn (noise, clicks, a cough, a door,
 * a backchannel). Measured at the simulated switch, as a caller would experience it.
 */
final class BenchCall {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofMillis(700);
    // a pause between turns is at least a TTS round trip; shorter intervals are inside a talk spurt
    private static final long SPURT_BREAK_NANOS = 60_000_000L;
    private static final long STOP_GAP_NANOS = 200_000_000L;
    /** A pause after a sound outlasts QUIET with the old timings: wait for this much silence instead. */
    private static final Duration ANSWER_OVER = Duration.ofSeconds(4);
    /** A gap this long in the robot's frames, starting within PAUSE_WINDOW of the sound, is a pause. */
    private static final long PAUSE_GAP_NANOS = 100_000_000L;
    private static final long PAUSE_WINDOW_NANOS = 1_000_000_000L;
    /** Frames an answer may lose to a pause's fades before it counts as cut. */
    private static final int LOST_TOLERANCE = 5;

    /** A sound that is not a turn and what the recogniser makes of it ({@code ""}: no words). */
    record Sound(String name, PcmAudio audio, String transcript) {
    }

    private final SimulatedCall call;
    private final PcmAudio utterance;
    private final long deadlineNanos;
    private final BenchResults results;
    private final FakeFunAsrServer asr;
    private final List<Sound> sounds;
    private int nextSound;

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

    void run() throws Exception {
        call.awaitFirstRobotAudio(WAIT);
        call.awaitRobotSilence(QUIET, WAIT);
        while (System.nanoTime() < deadlineNanos) {
            int before = call.robotFrameCount();
            call.play(utterance);
            call.awaitCallerAudioSent(WAIT);
            long eou = call.lastVoicedCallerFrameNanos();
            RobotFrame first = call.awaitRobotAudioAfter(before, WAIT);
            results.voiceToVoiceAtSwitch.add((first.arrivalNanos() - eou) / 1e6);
            call.awaitRobotSilence(QUIET, WAIT);
            int answerFrames = call.robotFrameCount() - before;

            before = call.robotFrameCount();
            call.play(utterance);
            call.awaitCallerAudioSent(WAIT);
            call.awaitRobotAudioAfter(before, WAIT);
            int answering = call.robotFrameCount();
            call.awaitRobotAudioAfter(answering + 50, WAIT);
            call.play(utterance);
            call.awaitCallerAudioSent(WAIT);
            long interruption = call.callerUtteranceStartNanos();
            call.awaitRobotSilence(QUIET, WAIT);
            results.bargeInStopAtSwitch.add((lastFrameBeforeGap(call.robotFrames(), interruption) - interruption) / 1e6);

            if (System.nanoTime() < deadlineNanos) {
                soundOverAnswer(sounds.get(nextSound++ % sounds.size()), answerFrames);
            }
        }
        call.hangup("NORMAL_CLEARING");
        recordFrameTiming(call.robotFrames());
    }

    /** Asks, and a second into the answer makes {@code sound}; records whether the robot paused, for how long, and what it lost. */
    private void soundOverAnswer(Sound sound, int answerFrames) throws Exception {
        int before = call.robotFrameCount();
        call.play(utterance);
        call.awaitCallerAudioSent(WAIT);
        call.awaitRobotAudioAfter(before, WAIT);
        int answering = call.robotFrameCount();
        call.awaitRobotAudioAfter(answering + 50, WAIT);
        asr.recognizeAs(call.uuid(), sound.transcript());
        call.play(sound.audio());
        call.awaitCallerAudioSent(WAIT);
        long start = call.callerUtteranceStartNanos();
        call.awaitRobotSilence(ANSWER_OVER, WAIT);
        asr.recognizeAs(call.uuid(), null);

        BenchResults.FalsePauses r = results.falsePauses.computeIfAbsent(sound.name(),
                k -> new BenchResults.FalsePauses());
        r.played.incrementAndGet();
        long gap = pauseAfter(call.robotFrames().subList(before, call.robotFrameCount()), start);
        int lost = Math.max(0, answerFrames - (call.robotFrameCount() - before));
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
    private static long pauseAfter(List<RobotFrame> frames, long from) {
        long previous = Long.MIN_VALUE;
        for (RobotFrame f : frames) {
            long at = f.arrivalNanos();
            if (previous >= from && previous - from <= PAUSE_WINDOW_NANOS
                    && at - previous >= PAUSE_GAP_NANOS) {
                return at - previous;
            }
            previous = at;
        }
        return 0;
    }

    /** When the robot's last frame arrived before it fell silent after {@code from}. */
    private static long lastFrameBeforeGap(List<RobotFrame> frames, long from) {
        long previous = from;
        for (RobotFrame f : frames) {
            if (f.arrivalNanos() <= from) {
                continue;
            }
            if (f.arrivalNanos() - previous >= STOP_GAP_NANOS) {
                return previous;
            }
            previous = f.arrivalNanos();
        }
        return previous;
    }

    /** Deviation of each inter-arrival interval from 20 ms, within talk spurts. */
    private void recordFrameTiming(List<RobotFrame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            long interval = frames.get(i).arrivalNanos() - frames.get(i - 1).arrivalNanos();
            if (interval < SPURT_BREAK_NANOS) {
                results.frameJitter.add(Math.abs(interval - 20_000_000L) / 1e6);
                if (interval > 30_000_000L) {
                    results.gapsAtSwitch.incrementAndGet();
                }
            }
        }
    }
}
