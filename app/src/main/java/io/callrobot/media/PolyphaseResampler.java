package io.callrobot.media;

import java.util.Arrays;

/**
 * A {@link Resampler} for any rational ratio {@code up / down}: a polyphase windowed-sinc (Kaiser)
 * filter. The pass band reaches about 0.40 of the lower rate (3.2 kHz at 8 kHz), the cut-off (-6 dB)
 * sits at 0.46 and the stop band begins near 0.52 with about 80 dB attenuation. Ratios of exactly two
 * get the cheaper {@link HalfBandUpsampler} and {@link HalfBandDownsampler} instead.
 *
 * <p>The coefficient table is shared with every other resampler of the same rate pair made by the
 * same {@link ResamplerFactory}; an instance itself holds only its filter history, a few KiB
 * whatever the size of the chunks it is given.
 */
final class PolyphaseResampler implements Resampler {

    /** Input samples converted per pass: bounds the history buffer whatever the caller's chunk size. */
    private static final int BLOCK = 1024;

    private final PolyphaseFilter filter;
    private final int up;
    private final int down;
    private final int taps;
    private final int baseStep;
    private final int phaseStep;
    private final float[] coefficients;
    private final float[] buffer;

    private int used;
    private long bufferStart;
    private long inCount;
    private long outCount;
    private long base;
    private int phase;

    PolyphaseResampler(PolyphaseFilter filter) {
        this.filter = filter;
        this.up = filter.up;
        this.down = filter.down;
        this.taps = filter.taps;
        this.baseStep = down / up;
        this.phaseStep = down % up;
        this.coefficients = filter.coefficients;
        // history of taps - 1 samples plus one block of input, or the zeros flush appends
        this.buffer = new float[taps == 0 ? 0 : taps - 1 + Math.max(BLOCK, flushPadding())];
        reset();
    }

    @Override
    public int inRate() {
        return filter.inRate;
    }

    @Override
    public int outRate() {
        return filter.outRate;
    }

    @Override
    public int process(short[] in, int off, int len, short[] out) {
        ResamplerChecks.bounds(in, off, len, out, outputFor(len));
        if (taps == 0) {
            System.arraycopy(in, off, out, 0, len);
            return len;
        }
        int produced = 0;
        for (int pos = 0; pos < len; pos += BLOCK) {
            int n = Math.min(BLOCK, len - pos);
            for (int i = 0; i < n; i++) {
                buffer[used + i] = in[off + pos + i];
            }
            used += n;
            produced += produce(out, produced);
        }
        inCount += len;
        return produced;
    }

    @Override
    public int outputFor(int len) {
        if (taps == 0) {
            return len;
        }
        long end = bufferStart + used + len;
        // Output k is due while base * up + phase + k * down < end * up: count them exactly.
        return (int) Math.max(0, ((end - base) * up - phase + down - 1) / down);
    }

    @Override
    public short[] flush() {
        if (taps == 0) {
            return new short[0];
        }
        long expected = (inCount * up + down - 1) / down;
        short[] tail = new short[(int) Math.max(0, expected - outCount)];
        int padding = flushPadding();
        Arrays.fill(buffer, used, used + padding, 0f);
        used += padding;
        int produced = produce(tail, 0);
        reset();
        return produced == tail.length ? tail : Arrays.copyOf(tail, produced);
    }

    /** Zeros appended at the end of a stream to push the filter delay out. */
    private int flushPadding() {
        return filter.delay / up + 2;
    }

    private void reset() {
        used = Math.max(0, taps - 1); // zeros of history before the first sample
        Arrays.fill(buffer, 0, used, 0f);
        bufferStart = -used;
        inCount = 0;
        outCount = 0;
        base = filter.delay / up;
        phase = filter.delay % up;
    }

    /** Computes output from the buffered input into {@code out} from {@code from} on, as much as fits. */
    private int produce(short[] out, int from) {
        long end = bufferStart + used;
        int produced = from;
        while (produced < out.length && base < end) {
            int oldest = (int) (base - bufferStart) - taps + 1;
            float sum = dot(buffer, oldest, coefficients, phase * taps, taps);
            out[produced++] = ResamplerChecks.toSample(sum);
            // base advances down/up input samples per output: no division per sample
            phase += phaseStep;
            base += baseStep;
            if (phase >= up) {
                phase -= up;
                base++;
            }
        }
        outCount += produced - from;
        discardBefore(base - taps + 1);
        return produced - from;
    }

    /**
     * {@code a[i..i+n) . b[j..j+n)} in four independent sums: one running sum waits for each add to
     * finish (about 4 cycles), four keep the floating-point unit busy; this loop is the resampler's
     * whole cost, and it runs for every frame of caller audio sent to a 16 kHz recogniser.
     */
    private static float dot(float[] a, int i, float[] b, int j, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[i + k] * b[j + k];
            s1 += a[i + k + 1] * b[j + k + 1];
            s2 += a[i + k + 2] * b[j + k + 2];
            s3 += a[i + k + 3] * b[j + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[i + k] * b[j + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Forgets input older than {@code index}, which no future output needs. */
    private void discardBefore(long index) {
        int drop = (int) Math.min(used, index - bufferStart);
        if (drop <= 0) {
            return;
        }
        System.arraycopy(buffer, drop, buffer, 0, used - drop);
        used -= drop;
        bufferStart += drop;
    }
}
