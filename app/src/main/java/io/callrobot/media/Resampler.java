package io.callrobot.media;

import java.util.Arrays;

/**
 * Streaming sample-rate converter for mono 16-bit PCM. The filter history is kept between calls of
 * {@link #process}, so audio cut into chunks converts exactly as if it came in one piece, without
 * clicks at chunk boundaries. The output is aligned with the input (the filter delay is
 * compensated); the last few milliseconds come out of {@link #flush()}. Made by
 * {@link ResamplerFactory}, which picks the implementation for the rate pair.
 *
 * <p>Not thread-safe: one instance per audio stream.
 */
public sealed interface Resampler permits PolyphaseResampler, HalfBandUpsampler, HalfBandDownsampler {

    int inRate();

    int outRate();

    /**
     * Converts the next {@code len} samples into {@code out}, which must hold {@link #outputFor}
     * samples, and returns how many it wrote: the allocation-free form for per-frame audio.
     */
    int process(short[] in, int off, int len, short[] out);

    /** How many samples the next {@code len} input samples complete, at most. */
    int outputFor(int len);

    /** Ends the stream: returns the remaining output and makes the resampler ready for a new stream. */
    short[] flush();

    /** Converts the next {@code len} samples of the stream and returns the output they complete. */
    default short[] process(short[] in, int off, int len) {
        short[] out = new short[outputFor(len)];
        int produced = process(in, off, len, out);
        return produced == out.length ? out : Arrays.copyOf(out, produced);
    }
}
