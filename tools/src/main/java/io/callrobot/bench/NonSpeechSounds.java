package io.callrobot.bench;

import io.callrobot.media.PcmAudio;
import java.util.Random;

/**
 * Sounds a caller's line carries that are not a turn: a noise burst, clicks, a cough, a door slam.
 * Synthetic and seeded, so every run plays the same samples; levels in dBFS of the peak.
 */
final class NonSpeechSounds {

    private static final double FULL = 32767;

    private final int rate;
    private final Random random = new Random(8);

    NonSpeechSounds(int sampleRate) {
        this.rate = sampleRate;
    }

    /** 300 ms of white noise at -20 dBFS, 10 ms fades: a burst of line noise. */
    PcmAudio noiseBurst() {
        short[] out = new short[samples(0.3)];
        int fade = samples(0.01);
        for (int i = 0; i < out.length; i++) {
            double edge = Math.min(1, Math.min(i, out.length - 1 - i) / (double) fade);
            out[i] = (short) (0.1 * FULL * (2 * random.nextDouble() - 1) * edge);
        }
        return new PcmAudio(rate, out);
    }

    /** Two 3 ms clicks 80 ms apart at -3 dBFS, decaying in about 1 ms: a handset knocked. */
    PcmAudio clicks() {
        short[] out = new short[samples(0.12)];
        for (int click : new int[] {0, samples(0.08)}) {
            for (int i = 0; i < samples(0.003); i++) {
                double decay = Math.exp(-i / (0.001 * rate));
                out[click + i] = (short) (0.7 * FULL * decay * (i % 2 == 0 ? 1 : -1));
            }
        }
        return new PcmAudio(rate, out);
    }

    /**
     * A cough: noise band-passed to about 300-1800 Hz (two one-pole filters), a 15 ms attack and an
     * 80 ms exponential decay, 350 ms long, peak about -6 dBFS.
     */
    PcmAudio cough() {
        short[] out = new short[samples(0.35)];
        double low = onePole(1800);
        double high = onePole(300);
        double lp = 0;
        double hp = 0;
        double peak = 0;
        double[] shaped = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            double t = i / (double) rate;
            lp += low * (2 * random.nextDouble() - 1 - lp);
            hp += high * (lp - hp);
            double envelope = Math.min(1, t / 0.015) * Math.exp(-Math.max(0, t - 0.015) / 0.08);
            shaped[i] = (lp - hp) * envelope;
            peak = Math.max(peak, Math.abs(shaped[i]));
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (0.5 * FULL * shaped[i] / peak);
        }
        return new PcmAudio(rate, out);
    }

    /**
     * A door slam: a 5 ms broadband crack, then a 70 and 140 Hz thump decaying over 60 ms with a
     * low rumble, 400 ms long, peak about -3 dBFS.
     */
    PcmAudio doorSlam() {
        short[] out = new short[samples(0.4)];
        double low = onePole(400);
        double rumble = 0;
        for (int i = 0; i < out.length; i++) {
            double t = i / (double) rate;
            double crack = t < 0.005 ? 2 * random.nextDouble() - 1 : 0;
            rumble += low * (2 * random.nextDouble() - 1 - rumble);
            double thump = (Math.sin(2 * Math.PI * 70 * t) + 0.5 * Math.sin(2 * Math.PI * 140 * t)) / 1.5;
            double v = 0.5 * crack + (0.8 * thump + 0.6 * rumble) * Math.exp(-t / 0.06);
            out[i] = (short) Math.max(-FULL, Math.min(FULL, 0.7 * FULL * v));
        }
        return new PcmAudio(rate, out);
    }

    private int samples(double seconds) {
        return (int) Math.round(seconds * rate);
    }

    /** Coefficient of a one-pole low-pass with cut-off {@code hz}. */
    private double onePole(double hz) {
        return 1 - Math.exp(-2 * Math.PI * hz / rate);
    }
}
