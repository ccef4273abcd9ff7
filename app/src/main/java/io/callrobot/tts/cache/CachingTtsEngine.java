package io.callrobot.tts.cache;

import io.callrobot.tts.TextChunk;
import io.callrobot.tts.ForwardingTtsEngine;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a provider with a prompt cache: a chunk whose provider, voice, emotion, speed, language and
 * text were synthesised before is served from memory (or from the disk cache, if configured) without
 * calling the provider; other chunks go to the provider and their audio is kept once they complete.
 * Audio still arrives in chunk order: a cached chunk waits behind earlier chunks the provider is
 * still synthesising. With a provider whose chunk attribution is approximate
 * ({@link TtsEngine#exactChunks()} false), replies' audio is played but not kept, and warming
 * synthesises each text on a stream of its own, so what is stored under a text is that text's speech.
 */
public final class CachingTtsEngine extends ForwardingTtsEngine {

    private static final Logger log = LoggerFactory.getLogger(CachingTtsEngine.class);

    private final String providerName;
    private final boolean enabled;
    private final PcmMemoryCache memory;
    private final PcmDiskCache disk;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    /** Audio being warmed, by key, so that a reply needing it meanwhile waits instead of synthesising it too. */
    private final Map<String, CompletableFuture<CachedPcm>> warming = new ConcurrentHashMap<>();

    /**
     * @param provider     the synthesiser whose audio is cached
     * @param providerName part of every key: the provider and every setting that changes its audio,
     *                     so that switching providers or changing a voice never replays old audio
     */
    public CachingTtsEngine(TtsEngine provider, String providerName, PromptCacheConfig config) {
        super(provider);
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.enabled = config.enabled();
        this.memory = new PcmMemoryCache(config.maxMemoryBytes());
        this.disk = config.directory().isEmpty() ? null : new PcmDiskCache(Path.of(config.directory()), config.maxDiskBytes());
    }

    @Override
    public TtsStream open(TtsRequest request, TtsListener listener) {
        if (!enabled) {
            return provider.open(request, listener);
        }
        return CachingTtsStream.open(this, provider, request, listener);
    }

    /** What one {@link #warm} did with its texts. */
    public record Warmed(int synthesised, int alreadyCached, int failed) {

        public static final Warmed NONE = new Warmed(0, 0, 0);

        public Warmed plus(Warmed other) {
            return new Warmed(synthesised + other.synthesised, alreadyCached + other.alreadyCached,
                    failed + other.failed);
        }
    }

    /**
     * Synthesises {@code texts} (each one chunk, spoken as {@code request} asks) into the cache ahead of
     * use, waiting at most {@code timeout}. Texts already cached, or being warmed by another call of
     * this method, are skipped; a reply sending a text while it is warmed waits for it instead of
     * synthesising it again. Failures and time-outs are logged and counted, never thrown. Blocks.
     */
    public Warmed warm(TtsRequest request, List<String> texts, Duration timeout) {
        if (!enabled) {
            return Warmed.NONE;
        }
        Map<String, CompletableFuture<CachedPcm>> mine = new LinkedHashMap<>();
        int alreadyCached = 0;
        for (String text : texts) {
            String key = key(request, text);
            if (mine.containsKey(key)) {
                continue;
            }
            CompletableFuture<CachedPcm> audio = new CompletableFuture<>();
            if (lookup(key) != null || warming.putIfAbsent(key, audio) != null) {
                alreadyCached++;
            } else {
                mine.put(key, audio);
            }
        }
        if (mine.isEmpty()) {
            return new Warmed(0, alreadyCached, 0);
        }
        List<String> keys = List.copyOf(mine.keySet());
        List<String> pending = texts.stream().filter(t -> keys.contains(key(request, t))).distinct().toList();
        try {
            if (provider.exactChunks()) {
                synthesise(request, pending, keys, timeout);
            } else {
                for (int i = 0; i < pending.size(); i++) {
                    synthesise(request, List.of(pending.get(i)), List.of(keys.get(i)), timeout);
                }
            }
        } finally {
            mine.forEach((key, audio) -> {
                warming.remove(key, audio);
                audio.complete(null); // no-op when stored; replies waiting for a failed chunk synthesise it
            });
        }
        int synthesised = (int) mine.values().stream().filter(audio -> audio.join() != null).count();
        return new Warmed(synthesised, alreadyCached, mine.size() - synthesised);
    }

    /** Synthesises {@code texts} on one provider stream, storing each under the key at its index. */
    private void synthesise(TtsRequest request, List<String> texts, List<String> keys, Duration timeout) {
        WarmListener listener = new WarmListener(keys);
        TtsStream stream = null;
        try {
            stream = provider.open(request, listener);
            for (int i = 0; i < texts.size(); i++) {
                stream.send(new TextChunk(i, texts.get(i)));
            }
            stream.finish();
            Throwable error = listener.end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (error != null) {
                log.warn("prompt cache: warming {} failed: {}", texts, error.toString());
            }
        } catch (TimeoutException e) {
            stream.cancel();
            log.warn("prompt cache: warming {} timed out after {}", texts, timeout);
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            if (stream != null) {
                stream.cancel();
            }
            log.warn("prompt cache: warming {} failed", texts, e);
        }
    }

    /** Collects each chunk's audio and stores it when the chunk is done. */
    private final class WarmListener extends TtsListener {

        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        private final List<String> keys;
        private final List<short[]> parts = new ArrayList<>();
        private int rate;
        private boolean oneRate = true;

        WarmListener(List<String> keys) {
            this.keys = keys;
        }

        @Override
        public synchronized void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            parts.add(pcm);
            oneRate &= rate == 0 || rate == sampleRate;
            rate = sampleRate;
        }

        @Override
        public synchronized void onChunkDone(TextChunk chunk) {
            if (oneRate && rate > 0 && chunk.index() < keys.size()) {
                store(keys.get(chunk.index()), CachedPcm.join(List.copyOf(parts), rate));
            }
            parts.clear();
            rate = 0;
            oneRate = true;
        }

        @Override
        public void onComplete() {
            end.complete(null);
        }

        @Override
        public void onFailure(Throwable error) {
            end.complete(error);
        }
    }

    /** Chunks replies played from the cache so far (warming not counted). */
    public long hits() {
        return hits.get();
    }

    /** Chunks replies had synthesised so far (warming not counted). */
    public long misses() {
        return misses.get();
    }

    /** Bytes of audio held in memory. */
    public long bytes() {
        return memory.bytes();
    }

    /** The key of {@code text} spoken as {@code request} asks: a SHA-256 hex digest, safe as a file name. */
    String key(TtsRequest request, String text) {
        String joined = String.join("\u0000", providerName, String.valueOf(request.voice()),
                String.valueOf(request.emotion()), Double.toString(request.speed()),
                String.valueOf(request.language()), text);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The audio being warmed under {@code key} (null if none is): completes with it, or with null on failure. */
    CompletableFuture<CachedPcm> warming(String key) {
        return warming.get(key);
    }

    /** Counts a chunk a reply played from the cache (or its warming), or had synthesised. */
    void count(boolean hit) {
        (hit ? hits : misses).incrementAndGet();
    }

    /** The cached audio under {@code key}, from memory or else disk (which may block on I/O). */
    CachedPcm lookup(String key) {
        CachedPcm audio = memory.get(key);
        return audio != null ? audio : load(key);
    }

    /** The audio under {@code key} if it is in memory; no I/O. */
    CachedPcm inMemory(String key) {
        return memory.get(key);
    }

    /** Whether the disk cache holds {@code key}, from its index: no I/O; {@link #load} reads it. */
    boolean onDisk(String key) {
        return disk != null && disk.contains(key);
    }

    /** Reads the audio under {@code key} from disk into memory; null if absent or unreadable. Blocks on I/O. */
    CachedPcm load(String key) {
        CachedPcm audio = disk == null ? null : disk.get(key);
        if (audio != null) {
            memory.put(key, audio);
        }
        return audio;
    }

    /** Keeps {@code audio} and hands it to replies waiting for it to be warmed. */
    void store(String key, CachedPcm audio) {
        memory.put(key, audio);
        CompletableFuture<CachedPcm> waiting = warming.get(key);
        if (waiting != null) {
            waiting.complete(audio);
        }
        if (disk != null) {
            disk.put(key, audio);
        }
    }
}
