package io.callrobot.sim;

import io.callrobot.media.PcmAudio;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller's voice: utterances queued by tests, cut into 20 ms frames by the pacing thread.
 * {@link #fill} allocates nothing; {@link #play} (the test's thread) resamples and queues.
 */
final class CallerAudioSource {

    /** A frame whose peak reaches this is "voiced" (about -36 dBFS). */
    static final int VOICED_PEAK = 500;

    private final int sampleRate;
    private final ConcurrentLinkedQueue<short[]> queue = new ConcurrentLinkedQueue<>();
    private short[] current;
    private int position;
    private final AtomicInteger pendingUtterances = new AtomicInteger();

    CallerAudioSource(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    void play(PcmAudio audio) {
        short[] samples = audio.sampleRate() == sampleRate ? audio.samples().clone() : resample(audio, sampleRate);
        pendingUtterances.incrementAndGet();
        queue.add(samples);
    }

    /** True when every queued utterance has been sent. */
    boolean idle() {
        return pendingUtterances.get() == 0;
    }

    /**
     * Fills one frame. Returns true if it carries utterance audio (padded with silence at the end),
     * false if it is a pause between utterances (the frame is then zeros).
     */
    boolean fill(short[] frame) {
        if (current == null) {
            current = queue.poll();
            position = 0;
            if (current == null) {
                Arrays.fill(frame, (short) 0);
                return false;
            }
        }
        int n = Math.min(frame.length, current.length - position);
        System.arraycopy(current, position, frame, 0, n);
        Arrays.fill(frame, n, frame.length, (short) 0);
        position += n;
        if (position >= current.length) {
            current = null;
            pendingUtterances.decrementAndGet();
        }
        return true;
    }

    static boolean voiced(short[] frame) {
        for (short s : frame) {
            if (s >= VOICED_PEAK || s <= -VOICED_PEAK) {
                return true;
            }
        }
        return false;
    }

    /** Linear interpolation; good enough for test speech. */
    private static short[] resample(PcmAudio audio, int targetRate) {
        short[] in = audio.samples();
        int outLength = (int) ((long) in.length * targetRate / audio.sampleRate());
        short[] out = new short[outLength];
        double step = (double) audio.sampleRate() / targetRate;
        for (int i = 0; i < outLength; i++) {
            double pos = i * step;
            int left = (int) pos;
            int right = Math.min(left + 1, in.length - 1);
            double frac = pos - left;
            out[i] = (short) Math.round(in[left] * (1 - frac) + in[right] * frac);
        }
        return out;
    }
}
