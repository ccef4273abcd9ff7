package io.callrobot.tts.cache;

import java.util.List;

/** One chunk's synthesised audio as the prompt cache keeps it; the array is never handed out. */
record CachedPcm(short[] pcm, int sampleRate) {

    /** The parts of one chunk's audio, all at {@code sampleRate}, joined. */
    static CachedPcm join(List<short[]> parts, int sampleRate) {
        if (parts.size() == 1) {
            return new CachedPcm(parts.getFirst(), sampleRate);
        }
        short[] all = new short[parts.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return new CachedPcm(all, sampleRate);
    }

    /** Memory the samples take. */
    long bytes() {
        return 2L * pcm.length;
    }
}
