package io.callrobot.tts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Records what a TTS stream delivered; {@link #terminal} completes on the terminal callback. */
public class RecordingTtsListener extends TtsListener {

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final Map<Integer, short[]> audio = new ConcurrentHashMap<>();
    public final Map<Integer, Integer> rates = new ConcurrentHashMap<>();
    /** Chunk index -> played from the cache, as told by {@link #onChunkSource}. */
    public final Map<Integer, Boolean> cached = new ConcurrentHashMap<>();
    public final CompletableFuture<Throwable> terminal = new CompletableFuture<>();
    /** Runs inside onChunkDone, e.g. to cancel from a callback. */
    public volatile Consumer<TextChunk> onDone = chunk -> { };

    @Override
    public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
        events.add("audio:" + chunk.index());
        rates.put(chunk.index(), sampleRate);
        audio.merge(chunk.index(), pcm, RecordingTtsListener::concat);
    }

    @Override
    public void onChunkSource(TextChunk chunk, boolean fromCache) {
        cached.put(chunk.index(), fromCache);
    }

    @Override
    public void onChunkDone(TextChunk chunk) {
        events.add("done:" + chunk.index());
        onDone.accept(chunk);
    }

    @Override
    public void onComplete() {
        events.add("complete");
        terminal.complete(null);
    }

    @Override
    public void onFailure(Throwable error) {
        events.add("failure");
        terminal.complete(error);
    }

    /** Waits for the end; null means success. */
    public Throwable awaitEnd() throws Exception {
        return terminal.get(60, TimeUnit.SECONDS);
    }

    /** Events without repeated audio entries: "audio:0", "done:0", "audio:1", ... */
    public List<String> order() {
        return events.stream().distinct().toList();
    }

    private static short[] concat(short[] a, short[] b) {
        short[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
