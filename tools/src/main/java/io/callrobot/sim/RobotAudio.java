package io.callrobot.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call received from the robot: a frame count, the first and last arrival, online timing
 * statistics, the arrival times of the most recent frames, and, when the settings ask for it, a
 * bounded capture of the frames themselves. Written by the receive thread only ({@link #received});
 * without capture nothing is allocated per datagram.
 */
final class RobotAudio {

    /** Arrival times kept for {@link #arrivalOf}: 2048 frames, 41 s of audio. */
    private static final int RECENT = 2048;
    private static final byte[] NOT_CAPTURED = new byte[0];

    private final ArrivalTiming timing;
    private final long[] recent = new long[RECENT];
    private final RobotFrame[] capture;
    private volatile int count;
    private volatile long firstNanos;
    private volatile long lastNanos;

    RobotAudio(ReceiveSettings settings) {
        this.timing = new ArrivalTiming(settings.talkSpurtBreak().toNanos());
        this.capture = settings.captureFrames() == 0 ? null : new RobotFrame[settings.captureFrames()];
    }

    /** One datagram, {@code payload} from its position to its limit, arrived at {@code nanos}. */
    void received(ByteBuffer payload, long nanos) {
        int index = count;
        recent[index % RECENT] = nanos;
        if (capture != null) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            capture[index % capture.length] = new RobotFrame(bytes, nanos);
        }
        timing.arrived(nanos);
        if (index == 0) {
            firstNanos = nanos;
        }
        lastNanos = nanos;
        count = index + 1; // publishes the writes above to readers that read count first
    }

    int count() {
        return count;
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    boolean capturing() {
        return capture != null;
    }

    /** Arrival of frame {@code index} (0 = the first), which must be one of the last 2048 received. */
    long arrivalOf(int index) {
        int received = count;
        if (index < 0 || index >= received) {
            throw new IllegalArgumentException("frame " + index + " not received yet (" + received + " so far)");
        }
        if (received - index > RECENT) {
            throw new IllegalArgumentException("frame " + index + " is older than the last " + RECENT + " kept");
        }
        return recent[index % RECENT];
    }

    /** Arrival times of frames {@code from} up to the latest. */
    long[] arrivalsFrom(int from) {
        int received = count;
        if (from < 0 || received - from > RECENT) {
            throw new IllegalArgumentException("frames from " + from + " are not all among the last " + RECENT + " kept");
        }
        long[] out = new long[Math.max(0, received - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = recent[(from + i) % RECENT];
        }
        return out;
    }

    /** Frame {@code index} as captured, or with an empty payload when this call does not capture. */
    RobotFrame frame(int index) {
        int received = count;
        if (capture != null && index >= 0 && index < received && received - index <= capture.length) {
            return capture[index % capture.length];
        }
        return new RobotFrame(NOT_CAPTURED, arrivalOf(index));
    }

    /** The captured frames, oldest first. */
    List<RobotFrame> frames() {
        if (capture == null) {
            throw new IllegalStateException("robot audio is not captured (ReceiveSettings.captureFrames is 0)");
        }
        int received = count;
        int from = Math.max(0, received - capture.length);
        List<RobotFrame> out = new ArrayList<>(received - from);
        for (int i = from; i < received; i++) {
            out.add(capture[i % capture.length]);
        }
        return out;
    }

    FrameTimingStats timing() {
        return timing.snapshot();
    }

    IntervalHistogram deviations() {
        return timing.deviations();
    }

}
