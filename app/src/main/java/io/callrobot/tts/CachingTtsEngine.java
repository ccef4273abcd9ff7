package io.callrobot.tts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * still synthesising.
 */
public final class CachingTtsEngine implements TtsEngine {

    private static final Logger log = LoggerFactory.getLogger(CachingTtsEngine.class);

    private final TtsEngine provider;
    private final String providerName;
    private final boolean enabled;
    private final PcmMemoryCache memory;
    private final PcmDiskCache disk;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param provider     the synthesiser whose audio is cached
     * @param providerName part of every key, so that switching providers never replays another's
     *                     audio, e.g. {@code "espeak"} or {@code "http:<url>"}
     */
    public CachingTtsEngine(TtsEngine provider, String providerName, PromptCacheConfig config) {
        this.provider = Objects.requireNonNull(provider, "provider");
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

    /**
     * Synthesises {@code texts} into the cache ahead of use (a flow's fixed prompts at start-up),
     * waiting at most {@code timeout}; failures and time-outs are logged, never thrown.
     */
    public void warm(TtsRequest request, List<String> texts, Duration timeout) {
        if (!enabled || texts.isEmpty()) {
            return;
        }
        CompletableFuture<Throwable> end = new CompletableFuture<>();
        TtsStream stream = open(request, new TtsListener() {
            @Override
            public void onComplete() {
                end.complete(null);
            }

            @Override
            public void onFailure(Throwable error) {
                end.complete(error);
            }
        });
        for (int i = 0; i < texts.size(); i++) {
            stream.send(new TextChunk(i, texts.get(i)));
        }
        stream.finish();
        try {
            Throwable error = end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (error != null) {
                log.warn("prompt cache: warming {} prompts failed: {}", texts.size(), error.toString());
            }
        } catch (TimeoutException e) {
            stream.cancel();
            log.warn("prompt cache: warming {} prompts timed out after {}", texts.size(), timeout);
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("prompt cache: warming failed", e.getCause());
        }
    }

    /** Chunks served from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Chunks sent to the provider so far. */
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

    /** The cached audio under {@code key}, from memory or else disk; counts the hit or miss. */
    CachedPcm lookup(String key) {
        CachedPcm audio = memory.get(key);
        if (audio == null && disk != null) {
            audio = disk.get(key);
            if (audio != null) {
                memory.put(key, audio);
            }
        }
        (audio == null ? misses : hits).incrementAndGet();
        return audio;
    }

    void store(String key, CachedPcm audio) {
        memory.put(key, audio);
        if (disk != null) {
            disk.put(key, audio);
        }
    }
}
