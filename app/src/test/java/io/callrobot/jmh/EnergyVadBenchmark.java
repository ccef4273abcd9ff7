package io.callrobot.jmh;

import io.callrobot.vad.EnergyVad;
import io.callrobot.vad.VadConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EnergyVad#process} on one 20 ms frame of caller audio, as the media receive thread calls
 * it for every inbound datagram. The input alternates 1.5 s of syllable-modulated voice with 1 s of
 * faint line noise, so speech starts and ends and the noise floor is tracked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnergyVadBenchmark {

    @Param({"8000", "16000"})
    int sampleRate;

    private short[] signal;
    private int frameSamples;
    private int offset;
    private EnergyVad vad;

    @Setup
    public void setUp() {
        frameSamples = sampleRate / 50;
        signal = talkAndPause(sampleRate, 10);
        vad = new EnergyVad(sampleRate, frameSamples, VadConfig.defaults());
    }

    @Benchmark
    public boolean processFrame() {
        boolean speaking = vad.process(signal, offset, frameSamples);
        offset += frameSamples;
        if (offset + frameSamples > signal.length) {
            offset = 0;
        }
        return speaking;
    }

    /** Voice (a 150-400 Hz tone with harmonics at 4 syllables per second) and noise in turns of 2.5 s. */
    private static short[] talkAndPause(int sampleRate, int seconds) {
        short[] out = new short[sampleRate * seconds];
        java.util.SplittableRandom noise = new java.util.SplittableRandom(7);
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            double t = i / (double) sampleRate;
            boolean voiced = t % 2.5 < 1.5;
            phase += 2 * Math.PI * (275 + 125 * Math.sin(2 * Math.PI * 0.7 * t)) / sampleRate;
            double voice = voiced
                    ? 5000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * (Math.sin(phase) + 0.5 * Math.sin(2 * phase))
                    : 0;
            out[i] = (short) Math.round(voice + noise.nextInt(-60, 61));
        }
        return out;
    }
}
