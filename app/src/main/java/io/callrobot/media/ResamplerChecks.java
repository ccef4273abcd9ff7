package io.callrobot.media;

/** What every {@link Resampler} does alike: argument checks and rounding to 16-bit samples. */
final class ResamplerChecks {

    private ResamplerChecks() {
    }

    /** Refuses a slice outside {@code in} or an {@code out} shorter than the {@code needed} samples. */
    static void bounds(short[] in, int off, int len, short[] out, int needed) {
        if (off < 0 || len < 0 || off + len > in.length) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + in.length);
        }
        if (out.length < needed) {
            throw new IndexOutOfBoundsException("out holds " + out.length + " of " + needed + " samples");
        }
    }

    /** Rounds half away from zero and clips to 16 bits; a cast, where {@code Math.round}'s exact float semantics cost a call. */
    static short toSample(float v) {
        float clipped = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        return (short) (int) (clipped + (clipped >= 0 ? 0.5f : -0.5f));
    }
}
