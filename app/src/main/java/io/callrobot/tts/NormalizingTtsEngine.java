package io.callrobot.tts;

import io.callrobot.text.TextNormalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a provider so that Chinese replies ({@link TtsRequest#language()} starting with "zh") reach it
 * through a {@link TextNormalizer}; other languages go to the provider untouched. The listener still
 * sees the chunks as they were sent, so what the caller heard is recorded in the original wording.
 */
public final class NormalizingTtsEngine extends ForwardingTtsEngine {

    private final TextNormalizer normalizer;

    public NormalizingTtsEngine(TtsEngine provider, TextNormalizer normalizer) {
        super(provider);
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        if (!normalizes(request.language())) {
            return provider.open(request, listener);
        }
        OriginalChunks originals = new OriginalChunks(listener);
        return new NormalizingStream(provider.open(request, originals), originals);
    }

    /** Whether replies in {@code language} are normalized: Chinese ones ({@code zh}, {@code zh-CN}, ...). */
    public static boolean normalizes(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    /** Rewrites each chunk's text and remembers the original for the listener. */
    private final class NormalizingStream implements TtsStream {

        private final TtsStream stream;
        private final OriginalChunks originals;

        NormalizingStream(TtsStream stream, OriginalChunks originals) {
            this.stream = stream;
            this.originals = originals;
        }

        @Override
        public void send(TextChunk chunk) {
            originals.sent.put(chunk.index(), chunk);
            stream.send(new TextChunk(chunk.index(), normalizer.normalize(chunk.text())));
        }

        @Override
        public void finish() {
            stream.finish();
        }

        @Override
        public void cancel() {
            stream.cancel();
            originals.sent.clear();
        }
    }

    /** Hands the listener the chunk it sent instead of the rewritten one; forgets a chunk once it is done. */
    private static final class OriginalChunks extends ForwardingTtsListener {

        final Map<Integer, TextChunk> sent = new ConcurrentHashMap<>();

        OriginalChunks(TtsListener listener) {
            super(listener);
        }

        @Override
        public void onChunkSource(TextChunk chunk, boolean cached) {
            next().onChunkSource(sent.getOrDefault(chunk.index(), chunk), cached);
        }

        @Override
        public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            next().onAudio(sent.getOrDefault(chunk.index(), chunk), pcm, sampleRate);
        }

        @Override
        public void onChunkDone(TextChunk chunk) {
            TextChunk original = sent.remove(chunk.index());
            next().onChunkDone(original == null ? chunk : original);
        }
    }
}
