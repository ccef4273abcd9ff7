package io.callrobot.tts.polish;

/**
 * A clearly non-silent stand-in for speech: a tone sweeping between 150 and 400 Hz with two harmonics,
 * amplitude-modulated at a syllable rate of 4 Hz, with 10 ms fades at both ends. The same signal as the
 * tools module's {@code bench.SpeechLikeSignal}, which the server's tests cannot depend on.
 */
final class SpeechLikeSignal {

    /** Peak amplitude, about -10 dBFS. */
    private static final double PEAK = 10000;

    private SpeechLikeSignal() {
    }

    static short[] render(double seconds, int sampleRate) {
        int n = (int) Math.round(seconds * sampleRate);
        short[] out = new short[n];
        int fade = Math.max(1, sampleRate / 100);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) sampleRate;
            double pitch = 275 + 125 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / sampleRate;
            double voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
            double syllables = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
            double edge = Math.min(1, Math.min(i, n - 1 - i) / (double) fade);
            out[i] = (short) Math.round(PEAK / 1.75 * voice * syllables * edge);
        }
        return out;
    }
}
