package io.callrobot.text;

import java.time.Duration;
import java.util.Objects;

/**
 * Chunking thresholds for {@link TextChunker}, measured in <em>units</em>: a CJK character counts 3,
 * any other letter or digit 1, spaces, punctuation and SSML tags 0. Three units are about the same
 * speaking time in Mandarin (one syllable, ~4-5 per second) and English (three letters, ~15 per
 * second at 175 words per minute), so one threshold serves Chinese, English and mixed text.
 *
 * @param firstMinUnits the first chunk goes out at the first clause or sentence mark after this many units
 *                      (providers synthesising each chunk alone; streaming-text providers get every clause)
 * @param laterMinUnits chunks after the first go out at the first sentence end after this many units, so
 *                      short sentences are merged for better prosody; after a first chunk shorter than
 *                      this, the second chunk ends at a clause mark so the first words are followed closely
 * @param maxUnits      a chunk never exceeds this; longer text is split at the last clause mark,
 *                      else at a space, else (Chinese) anywhere outside a number, URL or tag
 * @param idleFlush     with no new token for this long, the text so far goes out
 */
public record ChunkerConfig(int firstMinUnits, int laterMinUnits, int maxUnits, Duration idleFlush) {

    public ChunkerConfig {
        Objects.requireNonNull(idleFlush, "idleFlush");
        if (firstMinUnits < 1 || laterMinUnits < 1 || maxUnits < Math.max(firstMinUnits, laterMinUnits)) {
            throw new IllegalArgumentException("need 1 <= firstMinUnits, laterMinUnits <= maxUnits: " + this);
        }
        if (idleFlush.isNegative() || idleFlush.isZero()) {
            throw new IllegalArgumentException("idleFlush must be positive: " + idleFlush);
        }
    }

    /**
     * First chunk at the first clause with a word in it (2 units: "好，", "好的，", "OK,", but not
     * "嗯，" alone), after a first chunk this short the second at its first clause too, then
     * whole sentences of at least 30 units (10 hanzi, ~2 s of speech); measured with {@code ./callrobot bench chunker}
     * (docs/BENCHMARKS.md): on Qwen-style streams (a token every 20-60 ms) the first chunk goes
     * out 57 ms after the first token (p50) instead of 343 ms with 12 units,
     * at most 60 units (20 hanzi, ~4 s) per chunk, so a long sentence from an LLM slower than
     * speech is spoken clause by clause instead of leaving a gap while it is written, flush after 500 ms without a token (streaming
     * LLMs send a token every 10-60 ms; a caller hears 1 s of silence as a stall).
     */
    public static ChunkerConfig defaults() {
        return new ChunkerConfig(2, 30, 60, Duration.ofMillis(500));
    }
}
