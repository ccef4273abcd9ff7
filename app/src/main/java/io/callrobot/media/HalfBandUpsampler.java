package io.callrobot.media;

import java.util.Arrays;

/**
 * Doubles the rate (8 kHz caller audio to a 16 kHz recogniser) with a {@link HalfBandFilter}: each
 * input sample gives two outputs, the sample itself and the point halfway to the next one,
 * interpolated from {@link HalfBandFilter#PAIRS} samples either side. This runs for every frame of
 * every call sent to a 16 kHz recogniser, on the media thread.
 */
final class HalfBandUpsampler implements Resampler {

    private static final int PAIRS = HalfBandFilter.PAIRS;
    /** Input samples converted per pass: bounds the history buffer whatever the caller's chunk size. */
    private static final int BLOCK = 1024;

    private final int inRate;
    /** The filter's coefficients doubled: interpolating between samples restores the energy of the inserted zeros. */
    private final float[] coefficients = new float[PAIRS];
    /** Input from {@link #bufferStart} on; the first {@code PAIRS - 1} are history (zeros before the stream). */
    private final float[] buffer = new float[2 * PAIRS + BLOCK];
    /** The interpolated points of one pass, summed tap by tap. */
    private final float[] halfway = new float[BLOCK + PAIRS];
    private int used;
    private long bufferStart;
    private long inCount;
    private long outCount;
    /** The input sample whose pair of outputs comes next. */
    private long next;

    HalfBandUpsampler(int inRate, HalfBandFilter filter) {
        this.inRate = inRate;
        for (int j = 0; j < PAIRS; j++) {
            coefficients[j] = 2 * filter.coefficients[j];
        }
        reset();
    }

    @Override
    public int inRate() {
        return inRate;
    }

    @Override
    public int outRate() {
        return 2 * inRate;
    }

    @Override
    public int process(short[] in, int off, int len, short[] out) {
        ResamplerChecks.bounds(in, off, len, out, outputFor(len));
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
        // the pair of input sample m is due once sample m + PAIRS has arrived
        return (int) (2 * Math.max(0, bufferStart + used + len - PAIRS - next));
    }

    @Override
    public short[] flush() {
        short[] tail = new short[(int) (2 * inCount - outCount)];
        Arrays.fill(buffer, used, used + PAIRS, 0f);
        used += PAIRS;
        int produced = produce(tail, 0);
        reset();
        return produced == tail.length ? tail : Arrays.copyOf(tail, produced);
    }

    private void reset() {
        used = PAIRS - 1;
        Arrays.fill(buffer, 0, used, 0f);
        bufferStart = -used;
        inCount = 0;
        outCount = 0;
        next = 0;
    }

    /** Writes the pairs the buffered input completes into {@code out} from {@code from}, as many as fit. */
    private int produce(short[] out, int from) {
        int pairs = (int) Math.min(bufferStart + used - PAIRS - next, (out.length - from) / 2);
        if (pairs <= 0) {
            return 0;
        }
        int first = (int) (next - bufferStart);
        // tap by tap over the whole block: each pass is an element-wise loop the JIT turns into vector instructions
        Arrays.fill(halfway, 0, pairs, 0f);
        for (int j = 0; j < PAIRS; j++) {
            float c = coefficients[j];
            int after = first + 1 + j;
            int before = first - j;
            for (int m = 0; m < pairs; m++) {
                halfway[m] += c * (buffer[after + m] + buffer[before + m]);
            }
        }
        int produced = from;
        for (int m = 0; m < pairs; m++) {
            out[produced++] = (short) buffer[first + m];
            out[produced++] = ResamplerChecks.toSample(halfway[m]);
        }
        next += pairs;
        outCount += produced - from;
        discardBefore(next - PAIRS + 1);
        return produced - from;
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
