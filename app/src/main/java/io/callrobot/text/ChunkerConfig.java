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
 * @param laterMinUnits later chunks go out at the first sentence end after this many units, so
 *                      short sentences are merged for better prosody
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
     * First chunk after 12 units (4 hanzi such as "根据您的账单，", or "Sure, I can help." but not a
     * bare "Sure,"), later chunks whole sentences of at least 30 units (10 hanzi, ~2 s of speech),
     * at most 60 units (20 hanzi, ~4 s) per chunk, so a long sentence from an LLM slower than
     * speech is spoken clause by clause instead of leaving a gap while it is written, flush after 500 ms without a token (streaming
     * LLMs send a token every 10-60 ms; a caller hears 1 s of silence as a stall).
     */
    public static ChunkerConfig defaults() {
        return new ChunkerConfig(12, 30, 60, Duration.ofMillis(500));
    }
}
