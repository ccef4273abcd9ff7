package io.callrobot.asr;

/**
 * Settings of {@link SileroVad}. Probabilities are the model's speech probability per 32 ms window.
 *
 * @param modelPath        the Silero VAD v5 ONNX file, relative to the working directory or absolute
 * @param startThreshold   a window at least this probable may start speech
 * @param stopThreshold    windows at least this probable keep speech going (below {@code startThreshold}: hysteresis)
 * @param minSpeechMillis  voiced time needed before speech is declared (rejects clicks and coughs)
 * @param minSilenceMillis unvoiced time needed before speech is declared over (hangover)
 */
public record SileroConfig(String modelPath, double startThreshold, double stopThreshold, int minSpeechMillis,
                           int minSilenceMillis) {

    public SileroConfig {
        if (modelPath == null || modelPath.isBlank()) {
            throw new IllegalArgumentException("modelPath must name the Silero VAD model file");
        }
        if (!(stopThreshold >= 0 && stopThreshold <= startThreshold && startThreshold <= 1)) {
            throw new IllegalArgumentException("need 0 <= stopThreshold " + stopThreshold
                    + " <= startThreshold " + startThreshold + " <= 1");
        }
        if (minSpeechMillis < 0 || minSilenceMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * {@code models/silero_vad_v5.onnx}, start at 0.5 and stop below 0.35 (silero-vad's
     * {@code get_speech_timestamps} default threshold and its {@code threshold - 0.15} exit
     * threshold), 64 ms (two windows) to start, 600 ms to stop like {@link VadConfig#defaults()}.
     */
    public static SileroConfig defaults() {
        return new SileroConfig("models/silero_vad_v5.onnx", 0.5, 0.35, 64, 600);
    }
}
