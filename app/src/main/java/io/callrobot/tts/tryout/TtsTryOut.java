package io.callrobot.tts.tryout;

import io.callrobot.config.CallRobotConfig;
import io.callrobot.media.PcmAudio;
import io.callrobot.provider.ProviderRegistry;
import io.callrobot.provider.SharedResources;
import io.callrobot.provider.TtsProvider;
import io.callrobot.text.TextNormalizer;
import io.callrobot.tts.NormalizingTtsEngine;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import io.callrobot.tts.polish.PolishingTtsEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Speaks a text through a provider's whole chain, as a scripted reply of a call would be spoken, and
 * reports what the chain did: the audio, how many chunks came from the prompt cache, time to first
 * audio and in total. Thread-safe; {@link #synthesize} blocks its caller until the audio is complete.
 */
public final class TtsTryOut {

    private final List<TryOutProvider> providers;
    private final TextPreview preview;
    private final LongSupplier nanoTime;
    private final Duration timeout;
    private final AtomicInteger ids = new AtomicInteger();

    /**
     * @param providers the configured provider first, then others a try-out may use
     * @param nanoTime  a monotonic clock for the timings
     * @param timeout   longest a try-out may take before it is given up
     */
    public TtsTryOut(List<TryOutProvider> providers, TextPreview preview, LongSupplier nanoTime, Duration timeout) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a try-out needs at least one provider");
        }
        this.providers = List.copyOf(providers);
        this.preview = Objects.requireNonNull(preview, "preview");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The server's try-out: its configured provider through the chain calls use ({@code speech}), and
     * espeak-ng when it is installed and not already the configured one (local, no credentials; its
     * chain normalizes and polishes but has no prompt cache, as no caller hears it).
     */
    public static TtsTryOut forServer(CallRobotConfig config, TtsEngine speech, ProviderRegistry<TtsProvider> registry,
            SharedResources shared) throws Exception {
        String configured = config.tts().provider();
        List<TryOutProvider> providers = new ArrayList<>();
        providers.add(new TryOutProvider(configured, speech, config.tts().cache().enabled(),
                VoiceCatalog.of(configured, config)));
        TextNormalizer normalizer = new TextNormalizer(config.tts().normalize());
        if (!configured.equals("espeak") && onPath(config.tts().espeak().command())) {
            TtsEngine espeak = registry.get("espeak").create(config, shared);
            providers.add(new TryOutProvider("espeak", new PolishingTtsEngine(
                    new NormalizingTtsEngine(espeak, normalizer), config.tts().polish()), false,
                    VoiceCatalog.of("espeak", config)));
        }
        return new TtsTryOut(providers, new TextPreview(normalizer, config.tts().chunker()), System::nanoTime,
                Duration.ofSeconds(30));
    }

    /** Whether {@code command} is an executable file: as given if it has a path, else in a directory of PATH. */
    static boolean onPath(String command) {
        if (command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** The providers a try-out may use, the configured one first. */
    public List<TryOutProvider> providers() {
        return providers;
    }

    /** The provider named {@code name}, if a try-out may use it. */
    public Optional<TryOutProvider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** What {@code text} becomes before {@code provider} synthesises it. */
    public TextPreview.Preview preview(TryOutProvider provider, String text, String language) {
        return preview.preview(text, language, provider.speech().streamsText());
    }

    /**
     * Speaks {@code text} through {@code provider}'s chain with {@code request}'s voice settings and
     * waits for all its audio.
     *
     * @throws IllegalArgumentException text with nothing to speak (no chunk)
     * @throws TryOutFailedException    the provider failed, produced no audio or took too long
     */
    public Synthesis synthesize(TryOutProvider provider, TtsRequest request, String text)
            throws TryOutFailedException, InterruptedException {
        List<String> chunks = preview.chunks(text, provider.speech().streamsText());
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("nothing to speak in: " + text);
        }
        TtsRequest named = new TtsRequest("tryout-" + ids.incrementAndGet(), request.language(), request.voice(),
                request.emotion(), request.speed());
        Collector audio = new Collector();
        long start = nanoTime.getAsLong();
        TtsStream stream;
        try {
            stream = provider.speech().open(named, audio);
            for (int i = 0; i < chunks.size(); i++) {
                stream.send(new TextChunk(i, chunks.get(i)));
            }
            stream.finish();
        } catch (RuntimeException e) { // a provider refusing the request outright, e.g. a voice it cannot run
            throw new TryOutFailedException(provider.name(), false,
                    "TTS provider " + provider.name() + " failed: " + describe(e), e);
        }
        try {
            audio.end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stream.cancel();
            throw new TryOutFailedException(provider.name(), true,
                    "TTS provider " + provider.name() + " took longer than " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new TryOutFailedException(provider.name(), false,
                    "TTS provider " + provider.name() + " failed: " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            stream.cancel();
            throw e;
        }
        long end = nanoTime.getAsLong();
        PcmAudio pcm = audio.joined();
        if (pcm == null) {
            throw new TryOutFailedException(provider.name(), false,
                    "TTS provider " + provider.name() + " produced no audio", null);
        }
        return new Synthesis(pcm, chunks.size(), audio.cached(), provider.promptCache(),
                millis(audio.firstAudio() - start), millis(end - start));
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null || error.getMessage().isBlank() ? error.getClass().getSimpleName()
                : error.getMessage();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
    }

    /** Keeps the reply's audio, which chunks came from the cache and when the first audio came. */
    private final class Collector extends TtsListener {

        final CompletableFuture<Void> end = new CompletableFuture<>();
        private final List<PcmAudio> parts = new ArrayList<>();
        private int cached;
        private long firstAudio;

        @Override
        public synchronized void onChunkSource(TextChunk chunk, boolean fromCache) {
            if (fromCache) {
                cached++;
            }
        }

        @Override
        public synchronized void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
            if (pcm.length == 0) {
                return;
            }
            if (parts.isEmpty()) {
                firstAudio = nanoTime.getAsLong();
            }
            parts.add(new PcmAudio(sampleRate, pcm));
        }

        @Override
        public void onComplete() {
            end.complete(null);
        }

        @Override
        public void onFailure(Throwable error) {
            end.completeExceptionally(error);
        }

        synchronized int cached() {
            return cached;
        }

        synchronized long firstAudio() {
            return firstAudio;
        }

        /** All audio at the first part's rate (a provider changing rate mid-reply is resampled); null if none. */
        synchronized PcmAudio joined() {
            if (parts.isEmpty()) {
                return null;
            }
            int rate = parts.get(0).sampleRate();
            List<short[]> same = parts.stream().map(part -> part.resampled(rate).samples()).toList();
            short[] all = new short[same.stream().mapToInt(s -> s.length).sum()];
            int at = 0;
            for (short[] s : same) {
                System.arraycopy(s, 0, all, at, s.length);
                at += s.length;
            }
            return new PcmAudio(rate, all);
        }
    }
}
