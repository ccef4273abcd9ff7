package io.callrobot.config;

import io.callrobot.vad.SileroConfig;
import io.callrobot.vad.VadConfig;

/**
 * Which voice activity detector decides end of utterance and barge-in.
 *
 * @param engine {@code silero} (Silero VAD v5 on onnxruntime, batched across calls, behind an energy
 *               gate; the default) or {@code energy} (frame energy with hysteresis: free, but loud
 *               non-speech counts as speech)
 */
public record VadSettings(String engine, VadConfig energy, SileroConfig silero) {

    public static VadSettings defaults() {
        return new VadSettings("silero", VadConfig.defaults(), SileroConfig.defaults());
    }

    /** Speech must last this long before the chosen detector reports it. */
    public int minSpeechMillis() {
        return "silero".equals(engine) ? silero.minSpeechMillis() : energy.minSpeechMillis();
    }

    /** Quiet this long ends an utterance for the chosen detector. */
    public int minSilenceMillis() {
        return "silero".equals(engine) ? silero.minSilenceMillis() : energy.minSilenceMillis();
    }
}
