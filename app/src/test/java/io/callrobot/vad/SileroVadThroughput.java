package io.callrobot.vad;

import java.nio.file.Path;
import java.util.Random;

/**
 * Measures how many Silero windows one core infers per second, one stream per run (what
 * synchronous per-call inference would cost) and batched, at 8 and 16 kHz. Not a test: run it as
 * a main with the test classpath (see docs/VAD.md). Argument: the model path (default: found
 * from the working directory upwards).
 */
final class SileroVadThroughput {

    private SileroVadThroughput() {
    }

    public static void main(String[] args) {
        Path path = args.length > 0 ? Path.of(args[0]) : SileroTestAudio.modelPath();
        try (SileroVadModel model = new SileroVadModel(path)) {
            for (int rate : new int[] {8000, 16000}) {
                for (int batch : new int[] {1, 32, 128, 512}) {
                    double perSecond = windowsPerSecond(model, rate, batch);
                    // one call needs 1000 / 32 = 31.25 windows per second
                    System.out.printf("%5d Hz  batch %4d  %9.0f windows/s  %6.0f calls per core  %7.3f ms per run%n",
                            rate, batch, perSecond, perSecond / 31.25, batch * 1000 / perSecond);
                }
            }
        }
    }

    private static double windowsPerSecond(SileroVadModel model, int rate, int batch) {
        int width = SileroVadModel.contextSamples(rate) + SileroVadModel.windowSamples(rate);
        float[] input = new float[batch * width];
        Random random = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 0.05);
        }
        float[] state = new float[batch * SileroVadModel.STATE_SIZE];
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            model.infer(rate, input, state, batch);
        }
        long windows = 0;
        long start = System.nanoTime();
        long end = start + 3_000_000_000L;
        long now;
        do {
            model.infer(rate, input, state, batch);
            windows += batch;
            now = System.nanoTime();
        } while (now < end);
        return windows * 1e9 / (now - start);
    }
}
