package io.callrobot.sim;

/**
 * Arrival timing of the robot's frames ({@link ArrivalTiming} computes it as they arrive). Intervals longer than the talk-spurt break are pauses
 * between utterances and are left out; within talk spurts a gap is an interval over 30 ms.
 *
 * @param frames         frames received
 * @param talkSpurts     runs of frames separated by pauses
 * @param meanIntervalMs mean inter-arrival time within talk spurts
 * @param jitterMs       RFC 3550 (section 6.4.1) interarrival jitter against the 20 ms nominal interval
 * @param maxIntervalMs  longest inter-arrival time within talk spurts
 * @param gapsOver30Ms   intervals over 30 ms within talk spurts (heard as holes)
 */
public record FrameTimingStats(int frames, int talkSpurts, double meanIntervalMs, double jitterMs, double maxIntervalMs,
                               int gapsOver30Ms) {
}
