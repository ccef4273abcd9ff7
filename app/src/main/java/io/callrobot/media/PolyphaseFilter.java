package io.callrobot.media;

/**
 * The coefficient table of one sample-rate pair: a Kaiser-windowed sinc for the rational ratio
 * {@code up / down}, laid out phase by phase. Immutable once designed, so every
 * {@link Resampler} of the same pair can share it (see {@link ResamplerFactory}).
 */
final class PolyphaseFilter {

    /** Half the filter length, in samples of the lower rate. */
    private static final int HALF_WIDTH = 20;
    /** Cut-off frequency as a fraction of the lower sample rate. */
    private static final double CUTOFF = 0.46;
    /** Kaiser beta for about 80 dB stop-band attenuation (Kaiser's formula 0.1102 * (A - 8.7)). */
    private static final double KAISER_BETA = 7.857;
    private static final int MAX_PHASES = 4096;

    final int inRate;
    final int outRate;
    final int up;
    final int down;
    /** Taps per phase; 0 for equal rates (identity). */
    final int taps;
    /** Filter delay in samples of the upsampled stream. */
    final int delay;
    /**
     * {@code up * taps} coefficients, row {@code p} holding phase {@code p} oldest input first (the
     * impulse response reversed), so the resampler reads input and coefficients in the same
     * direction; never written after design.
     */
    final float[] coefficients;

    private PolyphaseFilter(int inRate, int outRate) {
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
    }

    /** Designs the table for {@code inRate} to {@code outRate} Hz. */
    static PolyphaseFilter design(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + ", " + outRate);
        }
        return new PolyphaseFilter(inRate, outRate);
    }

    /** Kaiser-windowed sinc of length {@code up * taps}, laid out phase by phase (reversed) and scaled by {@code up}. */
    private static float[] design(int up, int taps, double cutoff) {
        int length = up * taps;
        double center = (length - 1) / 2.0;
        double[] h = new double[length];
        double sum = 0;
        for (int n = 0; n < length; n++) {
            double x = n - center;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = 2 * x / (length - 1);
            double window = Kaiser.window(KAISER_BETA, r);
            h[n] = sinc * window;
            sum += h[n];
        }
        float[] coefficients = new float[length];
        for (int p = 0; p < up; p++) {
            for (int k = 0; k < taps; k++) {
                coefficients[p * taps + taps - 1 - k] = (float) (h[p + k * up] * up / sum);
            }
        }
        return coefficients;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
