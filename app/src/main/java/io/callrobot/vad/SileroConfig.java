package io.callrobot.vad;

/**
 * Settings of {@link SileroVad}. Probabilities are the model's speech probability per 32 ms window.
 *
 * @param modelPath        the Silero VAD v5 ONNX file, relative to the working directory (then the
 *                         installation) or absolute
 * @param startThreshold   a window at least this probable may start speech
 * @param stopThreshold    windows at least this probable keep speech going (below {@code startThreshold}: hysteresis)
 * @param minSpeechMillis  voiced time needed before speech is declared (rejects clicks and coughs)
 * @param minSilenceMillis unvoiced time needed before speech is declared over (hangover)
 * @param gateDbfs         energy gate: a window whose RMS level is below this (dBFS) is not inferred and
 *                         counts as probability 0, so quiet calls cost next to nothing; -100 or lower
 *                         switches the gate off (digital silence measures -100)
 * @param gateResetMillis  after this long of gated windows in a row the call's recurrent state is reset
 *                         before its next inferred window, as at the start of a stream
 * @param batchGatherMillis how long the batcher, shared by all calls, gathers windows after the first
 *                         of a batch is ready before it infers them together (see {@link SileroVadBatcher});
 *                         0 to 32, 0 infers at once
 */
public record SileroConfig(String modelPath, double startThreshold, double stopThreshold, int minSpeechMillis,
                           int minSilenceMillis, double gateDbfs, int gateResetMillis, int batchGatherMillis) {

    public SileroConfig {
        if (modelPath == null || modelPath.isBlank()) {
            throw new IllegalArgumentException("modelPath must name the Silero VAD model file");
        }
        if (!(stopThreshold >= 0 && stopThreshold <= startThreshold && startThreshold <= 1)) {
            throw new IllegalArgumentException("need 0 <= stopThreshold " + stopThreshold
                    + " <= startThreshold " + startThreshold + " <= 1");
        }
        if (minSpeechMillis < 0 || minSilenceMillis < 0 || gateResetMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (!(gateDbfs <= 0)) {
            throw new IllegalArgumentException("gateDbfs must be at most 0 dBFS: " + gateDbfs);
        }
        if (batchGatherMillis < 0 || batchGatherMillis > SileroVadBatcher.MAX_GATHER.toMillis()) {
            throw new IllegalArgumentException("batchGatherMillis must be 0 to " + SileroVadBatcher.MAX_GATHER.toMillis()
                    + " (one 32 ms window): " + batchGatherMillis);
        }
    }

    /**
     * {@code models/silero_vad_v5.onnx}, start at 0.5 and stop below 0.35 (silero-vad's
     * {@code get_speech_timestamps} default threshold and its {@code threshold - 0.15} exit
     * threshold), 64 ms (two windows) to start, 600 ms to stop like {@link VadConfig#defaults()};
     * windows quieter than -55 dBFS (an idle telephone line; speech is -35 to -15 dBFS) skip the
     * model, and one second of them resets the recurrent state; batches gather for 6 ms
     * (measured in {@code docs/VAD.md}).
     */
    public static SileroConfig defaults() {
        return new SileroConfig("models/silero_vad_v5.onnx", 0.5, 0.35, 64, 600, -55, 1000, 6);
    }

    /** The same settings with another gate level; {@code -100} switches the gate off. */
    public SileroConfig withGateDbfs(double dbfs) {
        return new SileroConfig(modelPath, startThreshold, stopThreshold, minSpeechMillis, minSilenceMillis, dbfs,
                gateResetMillis, batchGatherMillis);
    }
}
