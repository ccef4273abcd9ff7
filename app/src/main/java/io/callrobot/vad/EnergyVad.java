package io.callrobot.vad;

/**
 * Energy voice activity detector with hysteresis. Each frame's RMS level is compared with a start
 * threshold and a lower continue threshold; speech is declared after {@link VadConfig#minSpeechMillis}
 * of voiced frames that began above the start threshold, and ends after
 * {@link VadConfig#minSilenceMillis} below the continue threshold. Optionally the thresholds float
 * above a noise floor tracked while nobody speaks (falls fast, rises slowly), so steady line noise
 * never counts as speech. Allocates nothing per frame; one instance per call, one thread.
 */
public final class EnergyVad implements Vad {

    /** Level given to digital silence, and the lowest noise floor tracked. */
    private static final double FLOOR_DBFS = -100;
    private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;
    /** Per-frame smoothing of the noise floor: quick to follow quieter frames, slow to rise (about 2 s). */
    private static final double FLOOR_FALL = 0.3;
    private static final double FLOOR_RISE = 0.01;

    private final VadConfig config;
    private final int frameSamples;
    private final double frameMillis;

    private boolean speaking;
    private double voicedMillis;
    private double quietMillis;
    private double noiseFloor;
    private boolean floorKnown;
    private double lastLevel = FLOOR_DBFS;

    /**
     * @param sampleRate   samples per second of the frames
     * @param frameSamples the usual frame length, e.g. {@code sampleRate / 50} for 20 ms; shorter or
     *                     longer frames are accepted and timed by their own length
     */
    public EnergyVad(int sampleRate, int frameSamples, VadConfig config) {
        if (sampleRate <= 0 || frameSamples <= 0) {
            throw new IllegalArgumentException("sample rate and frame size must be positive");
        }
        this.config = config;
        this.frameSamples = frameSamples;
        this.frameMillis = 1000.0 / sampleRate;
        reset();
    }

    /** Samples per frame this detector was built for. */
    public int frameSamples() {
        return frameSamples;
    }

    /** Level of the last frame in dBFS; {@code -100} for digital silence. */
    public double lastLevelDbfs() {
        return lastLevel;
    }

    @Override
    public boolean process(short[] frame, int offset, int length) {
        if (length <= 0) {
            return speaking;
        }
        double level = levelDbfs(frame, offset, length);
        lastLevel = level;
        double millis = length * frameMillis;
        if (config.noiseMarginDb() > 0 && !floorKnown) {
            trackNoise(level); // the first frame only calibrates the noise floor
            return speaking;
        }
        double shift = thresholdShift();
        double start = config.startDbfs() + shift;
        double stop = config.stopDbfs() + shift;
        if (speaking) {
            quietMillis = level >= stop ? 0 : quietMillis + millis;
            if (quietMillis >= config.minSilenceMillis()) {
                speaking = false;
                voicedMillis = 0;
                quietMillis = 0;
            }
        } else if (voicedMillis > 0 ? level >= stop : level >= start) {
            voicedMillis += millis;
            if (voicedMillis >= config.minSpeechMillis()) {
                speaking = true;
                quietMillis = 0;
            }
        } else {
            voicedMillis = 0;
            trackNoise(level);
        }
        return speaking;
    }

    @Override
    public boolean speaking() {
        return speaking;
    }

    @Override
    public double quietMillis() {
        return quietMillis;
    }

    @Override
    public void reset() {
        speaking = false;
        voicedMillis = 0;
        quietMillis = 0;
        noiseFloor = FLOOR_DBFS;
        floorKnown = false;
        lastLevel = FLOOR_DBFS;
    }

    private double thresholdShift() {
        if (config.noiseMarginDb() <= 0) {
            return 0;
        }
        return Math.max(0, noiseFloor + config.noiseMarginDb() - config.stopDbfs());
    }

    private void trackNoise(double level) {
        if (!floorKnown) {
            noiseFloor = level;
            floorKnown = true;
        } else {
            noiseFloor += (level - noiseFloor) * (level < noiseFloor ? FLOOR_FALL : FLOOR_RISE);
        }
    }

    private static double levelDbfs(short[] frame, int offset, int length) {
        long sum = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int s = frame[i];
            sum += (long) s * s;
        }
        if (sum == 0) {
            return FLOOR_DBFS;
        }
        return Math.max(FLOOR_DBFS, 10 * Math.log10(sum / (double) length / FULL_SCALE_SQUARED));
    }
}
