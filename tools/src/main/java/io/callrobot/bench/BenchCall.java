package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import java.time.Duration;
import java.util.List;

/**
 * What one simulated caller does during the benchmark, over and over until the deadline: ask a
 * question and hear the whole answer; ask again and talk over the answer after a second of it.
 * Measured at the simulated switch, as a caller would experience it.
 */
final class BenchCall {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofMillis(700);
    // a pause between turns is at least a TTS round trip; shorter intervals are inside a talk spurt
    private static final long SPURT_BREAK_NANOS = 60_000_000L;
    private static final long STOP_GAP_NANOS = 200_000_000L;

    private final SimulatedCall call;
    private final PcmAudio utterance;
    private final long deadlineNanos;
    private final BenchResults results;

    BenchCall(SimulatedCall call, PcmAudio utterance, long deadlineNanos, BenchResults results) {
        this.call = call;
        this.utterance = utterance;
        this.deadlineNanos = deadlineNanos;
        this.results = results;
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
        }
        call.hangup("NORMAL_CLEARING");
        recordFrameTiming(call.robotFrames());
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
