package io.callrobot.sim;

import java.time.Duration;

/**
 * What the simulator keeps of the robot's audio, for every call it places.
 *
 * @param captureFrames  frames of the robot's audio kept per call (payload and arrival, oldest dropped first);
 *                       0 keeps only statistics and recent arrival times, as a load generator should
 * @param talkSpurtBreak an inter-arrival interval longer than this is a pause between utterances, not a gap
 */
public record ReceiveSettings(int captureFrames, Duration talkSpurtBreak) {

    /** Five minutes of audio per call, talk spurts broken at 200 ms: what tests and {@code simulate} read. */
    public static final ReceiveSettings CAPTURE = new ReceiveSettings(15_000, Duration.ofMillis(200));

    public ReceiveSettings {
        if (captureFrames < 0) {
            throw new IllegalArgumentException("captureFrames must not be negative: " + captureFrames);
        }
        if (talkSpurtBreak.toNanos() <= AudioPacer.FRAME_NANOS) {
            throw new IllegalArgumentException("talkSpurtBreak must exceed one 20 ms frame: " + talkSpurtBreak);
        }
    }

    /** No capture; statistics with talk spurts broken at {@code talkSpurtBreak}. */
    public static ReceiveSettings statisticsOnly(Duration talkSpurtBreak) {
        return new ReceiveSettings(0, talkSpurtBreak);
    }
}
