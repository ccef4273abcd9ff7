package io.callrobot.tts.polish;

/**
 * Brings one reply's speech to a target loudness while it streams, one chunk after another.
 *
 * <p>Algorithm. Audio is measured before it is released, in 10 ms blocks; a block whose RMS is
 * below the gate ({@link LoudnessConfig#gateDbfs()}) is silence or noise and is left out, so a
 * silent reply keeps unity gain and is never boosted into audible noise. The reply's speech level
 * is the RMS of all measured blocks so far, and the wanted gain is {@code target - level} dB,
 * at most {@link LoudnessConfig#maxGainDb()}.
 * <ul>
 *   <li>Opening: each piece of audio is measured before any of it is released, so the first
 *   speech already plays at the gain its own level asks for (audio before the first speech was
 *   below the gate, so the gain jumps there unheard). Until {@link LoudnessConfig#windowMillis()}
 *   of speech were measured, later pieces may refine the gain, moving to it over
 *   {@value #RAMP_MILLIS} ms.</li>
 *   <li>Held: once the window is measured the gain stays fixed to the end of the chunk, so it
 *   never pumps inside a word.</li>
 *   <li>Chunk boundaries: the gain moves towards the whole reply's measure by at most
 *   {@value #MAX_STEP_DB} dB, over {@value #RAMP_MILLIS} ms at the start of the next chunk, which
 *   the chunk fade brings in from silence anyway.</li>
 * </ul>
 * After the gain, a peak limiter keeps every sample within {@link LoudnessConfig#peakDbfs()}: its
 * attenuation acts at once on a sample that would exceed the ceiling and recovers with a
 * {@value #RELEASE_MILLIS} ms time constant, so nothing clips. Per sample it allocates nothing.
 */
final class LoudnessLeveler {

    static final int RAMP_MILLIS = 10;
    static final double MAX_STEP_DB = 3;
    static final int RELEASE_MILLIS = 50;
    private static final double FULL_SCALE = 32768;

    private final LoudnessConfig config;
    private final double gateMeanSquare;
    private final double peak;
    private int sampleRate;
    private int blockSamples;
    private long windowSamples;
    private int rampSamples;
    private double release;

    private double blockSum;
    private int blockFill;
    private double speechEnergy;
    private long speechSamples;
    private boolean held;

    private double gain = 1;
    private double rampTarget = 1;
    private double rampStep;
    private int rampLeft;
    private double limiter = 1;

    LoudnessLeveler(LoudnessConfig config) {
        this.config = config;
        this.gateMeanSquare = meanSquare(config.gateDbfs());
        this.peak = Math.floor(FULL_SCALE * Math.pow(10, config.peakDbfs() / 20) - 1);
    }

    /** Measures audio about to be released and updates the gain for it. */
    void measure(short[] pcm, int rate) {
        useRate(rate);
        boolean spoke = speechSamples > 0;
        for (short s : pcm) {
            blockSum += (double) s * s;
            if (++blockFill == blockSamples) {
                if (blockSum / blockSamples >= gateMeanSquare) {
                    speechEnergy += blockSum;
                    speechSamples += blockSamples;
                }
                blockSum = 0;
                blockFill = 0;
            }
        }
        if (held || speechSamples == 0) {
            return;
        }
        double wanted = wantedGain();
        if (spoke) {
            moveTo(wanted);
        } else {
            gain = wanted;
            rampLeft = 0;
        }
        held = speechSamples >= windowSamples;
    }

    /** Applies gain and limiter to {@code pcm} in place. Allocates nothing. */
    void apply(short[] pcm) {
        for (int i = 0; i < pcm.length; i++) {
            if (rampLeft > 0) {
                gain = --rampLeft == 0 ? rampTarget : gain + rampStep;
            }
            double y = pcm[i] * gain;
            limiter = 1 - (1 - limiter) * release;
            double level = Math.abs(y) * limiter;
            if (level > peak) {
                limiter = peak / Math.abs(y);
            }
            pcm[i] = (short) Math.round(y * limiter);
        }
    }

    /** A chunk ended: once the window is measured, step towards the reply's measure. */
    void chunkEnded() {
        if (!held) {
            return;
        }
        double wantedDb = 20 * Math.log10(wantedGain());
        double currentDb = 20 * Math.log10(gain);
        moveTo(Math.pow(10, Math.clamp(wantedDb, currentDb - MAX_STEP_DB, currentDb + MAX_STEP_DB) / 20));
    }

    private double wantedGain() {
        double levelDb = 10 * Math.log10(speechEnergy / speechSamples / (FULL_SCALE * FULL_SCALE));
        return Math.pow(10, Math.min(config.maxGainDb(), config.targetDbfs() - levelDb) / 20);
    }

    private void moveTo(double target) {
        rampTarget = target;
        rampLeft = rampSamples;
        rampStep = (target - gain) / rampSamples;
    }

    private void useRate(int rate) {
        if (rate == sampleRate) {
            return;
        }
        sampleRate = rate;
        blockSamples = Math.max(1, rate / 100);
        windowSamples = (long) rate * config.windowMillis() / 1000;
        rampSamples = Math.max(1, rate * RAMP_MILLIS / 1000);
        release = Math.exp(-1.0 / (rate * RELEASE_MILLIS / 1000.0));
        blockSum = 0;
        blockFill = 0;
    }

    private static double meanSquare(double dbfs) {
        double amplitude = FULL_SCALE * Math.pow(10, dbfs / 20);
        return amplitude * amplitude;
    }
}
