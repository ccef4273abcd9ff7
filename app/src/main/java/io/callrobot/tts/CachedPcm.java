package io.callrobot.tts;

/** One chunk's synthesised audio as the prompt cache keeps it; the array is never handed out. */
record CachedPcm(short[] pcm, int sampleRate) {

    /** Memory the samples take. */
    long bytes() {
        return 2L * pcm.length;
    }
}
