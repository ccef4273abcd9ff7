package io.callrobot.media;

import java.util.Arrays;

/**
 * Streaming sample-rate converter for mono 16-bit PCM: a polyphase windowed-sinc (Kaiser) filter
 * for a rational ratio {@code up / down}. The filter history is kept between calls of
 * {@link #process}, so audio cut into chunks converts exactly as if it came in one piece, without
 * clicks at chunk boundaries. The pass band reaches about 0.40 of the lower rate (3.2 kHz at
 * 8 kHz), the cut-off (-6 dB) sits at 0.46 and the stop band begins near 0.52 with about 80 dB
 * attenuation. The output is aligned with the input (the filter delay is compensated); the
 * last few milliseconds come out of {@link #flush()}.
 *
 * <p>Not thread-safe: one instance per audio stream. Each instance holds its own coefficient
 * table ({@code up * taps} floats, e.g. 70 KiB for 22050 to 8000 Hz).
 */
public final class Resampler {

    /** Half the filter length, in samples of the lower rate. */
    private static final int HALF_WIDTH = 20;
    /** Cut-off frequency as a fraction of the lower sample rate. */
    private static final double CUTOFF = 0.46;
    /** Kaiser beta for about 80 dB stop-band attenuation (Kaiser's formula 0.1102 * (A - 8.7)). */
    private static final double KAISER_BETA = 7.857;
    private static final int MAX_PHASES = 4096;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int taps;
    private final int delay;
    private final float[] coefficients;

    private float[] buffer;
    private int used;
    private long bufferStart;
    private long inCount;
    private long outCount;
    private long base;
    private int phase;

    private Resampler(int inRate, int outRate) {
        this.inRate = inRate;
        this.outRate = outRate;
        int gcd = gcd(inRate, outRate);
        this.up = outRate / gcd;
        this.down = inRate / gcd;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("ratio " + inRate + ":" + outRate + " needs too many filter phases");
        }
        int lower = Math.min(inRate, outRate);
        this.taps = inRate == outRate ? 0 : 2 * (int) Math.ceil(HALF_WIDTH * (double) inRate / lower);
        this.delay = (up * taps - 1) / 2;
        this.coefficients = inRate == outRate ? new float[0] : design(up, taps, CUTOFF * lower / ((double) up * inRate));
        reset();
    }

    /**
     * A resampler from {@code inRate} to {@code outRate} Hz (e.g. 8000, 16000, 22050, 24000,
     * 44100, 48000 in any pair); equal rates give an identity converter.
     */
    public static Resampler create(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + ", " + outRate);
        }
        return new Resampler(inRate, outRate);
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Converts the next {@code len} samples of the stream and returns the output they complete. */
    public short[] process(short[] in, int off, int len) {
        if (off < 0 || len < 0 || off + len > in.length) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + in.length);
        }
        if (taps == 0) {
            return Arrays.copyOfRange(in, off, off + len);
        }
        append(in, off, len);
        inCount += len;
        return produce(Long.MAX_VALUE);
    }

    /** Ends the stream: returns the remaining output and makes the resampler ready for a new stream. */
    public short[] flush() {
        if (taps == 0) {
            return new short[0];
        }
        long expected = (inCount * up + down - 1) / down;
        int padding = delay / up + 2;
        append(new short[padding], 0, padding);
        short[] tail = produce(expected - outCount);
        reset();
        return tail;
    }

    private void reset() {
        buffer = new float[Math.max(16, 2 * taps)];
        used = Math.max(0, taps - 1); // zeros of history before the first sample
        bufferStart = -used;
        inCount = 0;
        outCount = 0;
        base = delay / up;
        phase = delay % up;
    }

    private void append(short[] in, int off, int len) {
        if (used + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(used + len, 2 * buffer.length));
        }
        for (int i = 0; i < len; i++) {
            buffer[used + i] = in[off + i];
        }
        used += len;
    }

    /** Computes up to {@code limit} output samples from the buffered input. */
    private short[] produce(long limit) {
        long end = bufferStart + used;
        // Output k is due while base * up + phase + k * down < end * up: count them exactly, so the
        // array handed out is the one allocated (no trimming copy per chunk).
        long due = Math.max(0, ((end - base) * up - phase + down - 1) / down);
        int capacity = (int) Math.max(0, Math.min(limit, due));
        short[] out = new short[capacity];
        int produced = 0;
        while (produced < capacity) {
            int newest = (int) (base - bufferStart);
            int row = phase * taps;
            float sum = 0;
            for (int k = 0; k < taps; k++) {
                sum += buffer[newest - k] * coefficients[row + k];
            }
            out[produced++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
            phase += down;
            base += phase / up;
            phase %= up;
        }
        outCount += produced;
        discardBefore(base - taps + 1);
        return out;
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

    /** Kaiser-windowed sinc of length {@code up * taps}, laid out phase by phase and scaled by {@code up}. */
    private static float[] design(int up, int taps, double cutoff) {
        int length = up * taps;
        double center = (length - 1) / 2.0;
        double[] h = new double[length];
        double sum = 0;
        double i0Beta = besselI0(KAISER_BETA);
        for (int n = 0; n < length; n++) {
            double x = n - center;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = 2 * x / (length - 1);
            double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[n] = sinc * window;
            sum += h[n];
        }
        float[] coefficients = new float[length];
        for (int p = 0; p < up; p++) {
            for (int k = 0; k < taps; k++) {
                coefficients[p * taps + k] = (float) (h[p + k * up] * up / sum);
            }
        }
        return coefficients;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double half = x / 2;
        for (int k = 1; k < 50 && term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
