package io.callrobot.media;

import java.util.Arrays;

/**
 * Halves the rate (16 kHz speech to an 8 kHz call) with a {@link HalfBandFilter}: each output is
 * the input sample at its place, weighed one half, plus {@link HalfBandFilter#PAIRS} symmetric
 * pairs of the odd-distance samples around it; the even-distance taps are zero and cost nothing.
 */
final class HalfBandDownsampler implements Resampler {

    private static final int PAIRS = HalfBandFilter.PAIRS;
    /** Input samples converted per pass: bounds the history buffer whatever the caller's chunk size. */
    private static final int BLOCK = 1024;
    /** Input samples either side of an output's centre that it reads. */
    private static final int REACH = 2 * PAIRS - 1;

    private final int outRate;
    private final float[] coefficients;
    /** Input from {@link #bufferStart} on; the first {@code REACH} are history (zeros before the stream). */
    private final float[] buffer = new float[3 * REACH + 1 + BLOCK];
    /** One pass's odd-distance input, side by side. */
    private final float[] odd = new float[BLOCK / 2 + 2 * PAIRS + 1];
    /** One pass's weighted sums of the odd-distance taps. */
    private final float[] sum = new float[BLOCK / 2 + 1];
    private int used;
    private long bufferStart;
    private long inCount;
    private long outCount;
    /** The output due next; its centre is input sample {@code 2 * next}. */
    private long next;

    HalfBandDownsampler(int outRate, HalfBandFilter filter) {
        this.outRate = outRate;
        this.coefficients = filter.coefficients;
        reset();
    }

    @Override
    public int inRate() {
        return 2 * outRate;
    }

    @Override
    public int outRate() {
        return outRate;
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
        // output m is due once input 2m + REACH has arrived
        long last = Math.floorDiv(bufferStart + used + len - 1 - REACH, 2);
        return (int) Math.max(0, last - next + 1);
    }

    @Override
    public short[] flush() {
        short[] tail = new short[(int) ((inCount + 1) / 2 - outCount)];
        Arrays.fill(buffer, used, used + REACH, 0f);
        used += REACH;
        int produced = produce(tail, 0);
        reset();
        return produced == tail.length ? tail : Arrays.copyOf(tail, produced);
    }

    private void reset() {
        used = REACH;
        Arrays.fill(buffer, 0, used, 0f);
        bufferStart = -used;
        inCount = 0;
        outCount = 0;
        next = 0;
    }

    /** Writes the output the buffered input completes into {@code out} from {@code from}, as much as fits. */
    private int produce(short[] out, int from) {
        int count = (int) Math.min(Math.floorDiv(bufferStart + used - 1 - REACH, 2) - next + 1, out.length - from);
        if (count <= 0) {
            return 0;
        }
        int first = (int) (2 * next - bufferStart);
        // the odd-distance samples gathered side by side, so each tap's pass below is an element-wise loop
        // the JIT turns into vector instructions; odd[k] is input first - REACH + 2k
        int odds = count + 2 * PAIRS - 1;
        for (int k = 0; k < odds; k++) {
            odd[k] = buffer[first - REACH + 2 * k];
        }
        Arrays.fill(sum, 0, count, 0f);
        for (int j = 0; j < PAIRS; j++) {
            float c = coefficients[j];
            int after = PAIRS + j;
            int before = PAIRS - 1 - j;
            for (int m = 0; m < count; m++) {
                sum[m] += c * (odd[after + m] + odd[before + m]);
            }
        }
        for (int m = 0; m < count; m++) {
            out[from + m] = ResamplerChecks.toSample(0.5f * buffer[first + 2 * m] + sum[m]);
        }
        next += count;
        outCount += count;
        discardBefore(2 * next - REACH);
        return count;
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
