package io.callrobot.tts.tryout;

import io.callrobot.media.PcmAudio;
import java.util.Objects;

/**
 * One try-out's result.
 *
 * @param audio            the reply's audio, 16-bit mono at the provider's rate
 * @param chunks           chunks the text was cut into
 * @param cachedChunks     chunks played from the prompt cache
 * @param promptCache      whether the chain has a prompt cache at all
 * @param firstAudioMillis from the request to the first audio
 * @param totalMillis      from the request to the end of the audio
 */
public record Synthesis(PcmAudio audio, int chunks, int cachedChunks, boolean promptCache, long firstAudioMillis,
        long totalMillis) {

    public Synthesis {
        Objects.requireNonNull(audio, "audio");
    }

    /** {@code hit} (every chunk from the cache), {@code miss} (none), {@code partial}, or {@code off} without a cache. */
    public String cache() {
        if (!promptCache) {
            return "off";
        }
        return cachedChunks == 0 ? "miss" : cachedChunks == chunks ? "hit" : "partial";
    }

    /** The audio's length in milliseconds. */
    public long durationMillis() {
        return audio.samples().length * 1000L / audio.sampleRate();
    }
}
