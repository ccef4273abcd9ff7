package io.callrobot.media;

import java.util.Arrays;
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
 * {@link Resampler#process} on one 100 ms chunk of TTS audio converted to the call's rate, as a
 * robot turn does for every chunk a TTS engine delivers. The output array is handed to the
 * playout queue, so one allocation of the output size per chunk is inherent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResamplerBenchmark {

    /**
     * TTS rate to call rate: espeak-ng's 22050 Hz, common 24000 and 16000 Hz engine rates, to 8 kHz
     * PSTN; and 8 kHz caller audio up to a 16 kHz recogniser.
     */
    @Param({"22050:8000", "24000:8000", "16000:8000", "8000:16000"})
    String rates;

    private Resampler resampler;
    private short[] chunk;
    private short[] frame;
    private short[] frameOut;

    @Setup
    public void setUp() {
        String[] pair = rates.split(":");
        int inRate = Integer.parseInt(pair[0]);
        resampler = new ResamplerFactory().create(inRate, Integer.parseInt(pair[1]));
        chunk = new short[inRate / 10];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / inRate));
        }
        frame = Arrays.copyOf(chunk, inRate / 50);
        frameOut = new short[(int) ((long) frame.length * resampler.outRate() / resampler.inRate()) + 2];
    }

    /** One 20 ms frame into a reused array: what the caller's audio costs on the way to the recogniser. */
    @Benchmark
    public int processFrame() {
        return resampler.process(frame, 0, frame.length, frameOut);
    }

    @Benchmark
    public short[] processChunk() {
        return resampler.process(chunk, 0, chunk.length);
    }
}
