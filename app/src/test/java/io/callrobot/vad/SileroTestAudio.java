package io.callrobot.vad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The repository's Silero model and audio helpers for the Silero VAD tests. */
final class SileroTestAudio {

    static final String MODEL = "models/silero_vad_v5.onnx";

    private SileroTestAudio() {
    }

    /** The model file, found from the working directory upwards (tests run in {@code app/}). */
    static Path modelPath() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(MODEL);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(MODEL + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Windowed-sinc resampling, good enough for test speech: low-pass at 0.45 of the lower rate. */
    static short[] resample(short[] in, int inRate, int outRate) {
        double step = (double) inRate / outRate;
        double cutoff = 0.45 * Math.min(inRate, outRate) / inRate; // in cycles per input sample
        int half = 32;
        short[] out = new short[(int) (in.length / step)];
        for (int i = 0; i < out.length; i++) {
            double t = i * step;
            int centre = (int) t;
            double sum = 0;
            for (int k = centre - half + 1; k <= centre + half; k++) {
                if (k < 0 || k >= in.length) {
                    continue;
                }
                double x = t - k;
                double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
                double hann = 0.5 + 0.5 * Math.cos(Math.PI * x / half);
                sum += in[k] * sinc * hann;
            }
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        return out;
    }

    static void addNoise(short[] samples, double rms, Random random) {
        for (int i = 0; i < samples.length; i++) {
            double v = samples[i] + random.nextGaussian() * rms;
            samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
    }

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    /** First sample of the first 20 ms frame louder than -40 dBFS, or -1. */
    static int firstVoiced(short[] samples, int rate) {
        int frame = rate / 50;
        for (int i = 0; i + frame <= samples.length; i += frame) {
            if (voiced(samples, i, frame)) {
                return i;
            }
        }
        return -1;
    }

    /** End of the last 20 ms frame louder than -40 dBFS, or -1. */
    static int lastVoiced(short[] samples, int rate) {
        int frame = rate / 50;
        for (int i = (samples.length / frame - 1) * frame; i >= 0; i -= frame) {
            if (voiced(samples, i, frame)) {
                return i + frame;
            }
        }
        return -1;
    }

    /** RMS over the 20 ms frames louder than -40 dBFS: the speech level the SNR refers to. */
    static double activeRms(short[] samples, int rate) {
        int frame = rate / 50;
        double sum = 0;
        long count = 0;
        for (int i = 0; i + frame <= samples.length; i += frame) {
            if (voiced(samples, i, frame)) {
                double r = rms(samples, i, i + frame);
                sum += r * r * frame;
                count += frame;
            }
        }
        return Math.sqrt(sum / Math.max(1, count));
    }

    private static boolean voiced(short[] samples, int from, int frame) {
        return rms(samples, from, from + frame) > 32768 * Math.pow(10, -40 / 20.0);
    }
}
