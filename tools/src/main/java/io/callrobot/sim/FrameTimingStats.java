package io.callrobot.sim;

import java.util.List;

/**
 * Arrival timing of the robot's frames. Intervals longer than the talk-spurt break are pauses
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

    static FrameTimingStats of(List<RobotFrame> frames, long talkSpurtBreakNanos) {
        if (frames.isEmpty()) {
            return new FrameTimingStats(0, 0, 0, 0, 0, 0);
        }
        int spurts = 1;
        int intervals = 0;
        double sumMs = 0;
        double maxMs = 0;
        double jitter = 0;
        int gaps = 0;
        for (int i = 1; i < frames.size(); i++) {
            long delta = frames.get(i).arrivalNanos() - frames.get(i - 1).arrivalNanos();
            if (delta > talkSpurtBreakNanos) {
                spurts++;
                continue;
            }
            double ms = delta / 1e6;
            intervals++;
            sumMs += ms;
            maxMs = Math.max(maxMs, ms);
            jitter += (Math.abs(ms - 20.0) - jitter) / 16.0;
            if (ms > 30.0) {
                gaps++;
            }
        }
        return new FrameTimingStats(frames.size(), spurts, intervals == 0 ? 0 : sumMs / intervals, jitter, maxMs, gaps);
    }
}
