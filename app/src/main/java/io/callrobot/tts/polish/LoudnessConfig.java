package io.callrobot.tts.polish;

/**
 * Loudness levelling of synthesised replies (see {@link LoudnessLeveler} for the algorithm).
 *
 * @param enabled      when false the provider's level is kept
 * @param targetDbfs   RMS level of active speech to reach, in dB relative to full scale
 * @param maxGainDb    the most a quiet provider is amplified
 * @param peakDbfs     no sample leaves louder than this: the limiter's ceiling
 * @param gateDbfs     10 ms blocks quieter than this are not speech: not measured, so silence and
 *                     line noise never raise the gain
 * @param windowMillis active speech measured before the gain of a reply is held for the rest of
 *                     its chunk
 */
public record LoudnessConfig(boolean enabled, double targetDbfs, double maxGainDb, double peakDbfs, double gateDbfs,
        int windowMillis) {

    public LoudnessConfig {
        if (targetDbfs >= 0 || peakDbfs > 0 || targetDbfs >= peakDbfs) {
            throw new IllegalArgumentException("need targetDbfs < peakDbfs <= 0: target " + targetDbfs
                    + ", peak " + peakDbfs);
        }
        if (maxGainDb < 0 || gateDbfs >= targetDbfs) {
            throw new IllegalArgumentException("need maxGainDb >= 0 and gateDbfs < targetDbfs: max gain "
                    + maxGainDb + ", gate " + gateDbfs);
        }
        if (windowMillis < 10) {
            throw new IllegalArgumentException("windowMillis must be at least 10: " + windowMillis);
        }
    }

    /** On: -20 dBFS speech, at most +12 dB, peaks at -1 dBFS, gate at -50 dBFS, 200 ms window. */
    public static LoudnessConfig defaults() {
        return new LoudnessConfig(true, -20, 12, -1, -50, 200);
    }
}
