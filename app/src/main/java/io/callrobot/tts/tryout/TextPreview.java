package io.callrobot.tts.tryout;

import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.TextChunker;
import io.callrobot.text.TextNormalizer;
import io.callrobot.tts.NormalizingTtsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a text becomes before synthesis: the chunks a reply of that text is cut into (by the chunker
 * a call uses with the same provider) and each chunk as the provider receives it, after Chinese
 * normalization. Immutable and thread-safe.
 */
public final class TextPreview {

    /** One chunk: as written, and as the provider receives it. */
    public record Chunk(String text, String normalized) {
    }

    /** The whole text as the provider receives it, and its chunks. */
    public record Preview(String normalized, List<Chunk> chunks) {

        public Preview {
            chunks = List.copyOf(chunks);
        }
    }

    private final TextNormalizer normalizer;
    private final ChunkerConfig chunker;

    public TextPreview(TextNormalizer normalizer, ChunkerConfig chunker) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
    }

    /**
     * The chunks of {@code text} spoken as one reply, as a scripted reply is: all its text at once,
     * then its end; {@code streamsText} as the provider says ({@link io.callrobot.tts.TtsEngine#streamsText()}).
     */
    public List<String> chunks(String text, boolean streamsText) {
        TextChunker chunks = new TextChunker(chunker, streamsText);
        List<String> out = new ArrayList<>(chunks.offer(text, 0));
        out.addAll(chunks.finish());
        return out;
    }

    /** {@code text} in {@code language} as a provider taking text {@code streamsText} or not receives it. */
    public Preview preview(String text, String language, boolean streamsText) {
        boolean normalizes = NormalizingTtsEngine.normalizes(language);
        List<Chunk> chunks = chunks(text, streamsText).stream()
                .map(chunk -> new Chunk(chunk, normalizes ? normalizer.normalize(chunk) : chunk))
                .toList();
        return new Preview(normalizes ? normalizer.normalize(text) : text, chunks);
    }
}
