package io.callrobot.vad;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link SileroVad#process} on one 20 ms frame, as the media thread calls it. {@code quiet}: line
 * noise at -65 dBFS, below the energy gate, so no window reaches the model (the cost of a silent
 * call). {@code loud}: noise at -30 dBFS, above the gate; each full window is queued and the
 * benchmark thread runs the batcher's round itself, so the figure is one frame plus its share of
 * a batch-of-one inference, allocation of the ONNX Runtime call included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SileroVadBenchmark {

    @Param({"8000", "16000"})
    int sampleRate;

    @Param({"quiet", "loud"})
    String line;

    private short[] signal;
    private int frameSamples;
    private int offset;
    private SileroVadModel model;
    private SileroVadBatcher batcher;
    private SileroVad vad;

    @Setup
    public void setUp() {
        frameSamples = sampleRate / 50;
        signal = new short[sampleRate * 4];
        double rms = 32768 * Math.pow(10, ("quiet".equals(line) ? -65 : -30) / 20.0);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (short) Math.round(rms * (random.nextDouble() * 2 - 1) * Math.sqrt(3));
        }
        model = new SileroVadModel(SileroTestAudio.modelPath());
        batcher = new SileroVadBatcher(model, 16);
        vad = batcher.newVad(sampleRate, SileroConfig.defaults());
    }

    @TearDown
    public void tearDown() {
        batcher.close();
        model.close();
    }

    @Benchmark
    public boolean processFrame() {
        boolean speaking = vad.process(signal, offset, frameSamples);
        batcher.runOnce();
        offset += frameSamples;
        if (offset + frameSamples > signal.length) {
            offset = 0;
        }
        return speaking;
    }
}
