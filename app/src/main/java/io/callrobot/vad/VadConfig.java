package io.callrobot.vad;

/**
 * Thresholds of {@link EnergyVad}. Levels are frame RMS in dBFS (0 = full-scale square wave).
 *
 * @param startDbfs        a frame at least this loud may start speech
 * @param stopDbfs         frames at least this loud keep speech going (below {@code startDbfs}: hysteresis)
 * @param minSpeechMillis  voiced time needed before speech is declared (rejects clicks)
 * @param minSilenceMillis quiet time needed before speech is declared over (hangover)
 * @param noiseMarginDb    when above 0, both thresholds are raised so that {@code stopDbfs} stays this far
 *                         above the tracked noise floor; 0 keeps the thresholds fixed
 */
public record VadConfig(double startDbfs, double stopDbfs, int minSpeechMillis, int minSilenceMillis,
                        double noiseMarginDb) {

    public VadConfig {
        if (stopDbfs > startDbfs) {
            throw new IllegalArgumentException("stopDbfs " + stopDbfs + " must not exceed startDbfs " + startDbfs);
        }
        if (minSpeechMillis < 0 || minSilenceMillis < 0 || noiseMarginDb < 0) {
            throw new IllegalArgumentException("durations and noise margin must not be negative");
        }
    }

    /** Fixed thresholds, no noise-floor adaptation. */
    public VadConfig(double startDbfs, double stopDbfs, int minSpeechMillis, int minSilenceMillis) {
        this(startDbfs, stopDbfs, minSpeechMillis, minSilenceMillis, 0);
    }

    /** -40 / -45 dBFS, 120 ms to start, 600 ms to stop, thresholds kept 4 dB above the noise floor. */
    public static VadConfig defaults() {
        return new VadConfig(-40, -45, 120, 600, 4);
    }
}
