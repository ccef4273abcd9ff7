package io.callrobot.tts.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callrobot.tts.RecordingTtsListener;
import io.callrobot.tts.TextChunk;
import io.callrobot.tts.TtsEngine;
import io.callrobot.tts.TtsListener;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.TtsStream;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CachingTtsEngineTest {

    private static final int RATE = 16_000;
    private static final int SAMPLES = 100;

    /**
     * The provider the cache wraps. In automatic mode it answers each chunk at once with audio derived
     * from the request and text (texts containing "fail" fail after some audio); in manual mode the
     * test plays its callbacks through {@link #listener}.
     */
    private static final class FakeProvider implements TtsEngine {
        final List<TextChunk> sent = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean manual;
        volatile boolean exact = true;
        final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        volatile TtsListener listener;

        @Override
        public boolean exactChunks() {
            return exact;
        }

        @Override
        public TtsStream open(TtsRequest request, TtsListener listener) {
            this.listener = listener;
            opened.incrementAndGet();
            return new TtsStream() {
                @Override
                public void send(TextChunk chunk) {
                    sent.add(chunk);
                    if (manual) {
                        return;
                    }
                    listener.onAudio(chunk, audioFor(request, chunk.text()), RATE);
                    if (chunk.text().contains("fail")) {
                        listener.onFailure(new IllegalStateException("provider refused " + chunk.text()));
                        return;
                    }
                    listener.onChunkDone(chunk);
                }

                @Override
                public void finish() {
                    calls.add("finish");
                    if (!manual) {
                        listener.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    calls.add("cancel");
                }
            };
        }
    }

    /** Audio that differs whenever the request or text does. */
    private static short[] audioFor(TtsRequest request, String text) {
        short[] pcm = new short[SAMPLES];
        int seed = (request.voice() + "|" + request.speed() + "|" + text).hashCode();
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (seed * (i + 1));
        }
        return pcm;
    }

    private static final TtsRequest REQUEST = new TtsRequest("call-1", "zh-CN", "xiaoyun", null, 1.0);

    private final FakeProvider provider = new FakeProvider();

    private static PromptCacheConfig memoryOnly(long maxBytes) {
        return new PromptCacheConfig(true, maxBytes, "", 0, false);
    }

    private static RecordingTtsListener speak(TtsEngine engine, TtsRequest request, String... texts) throws Exception {
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(request, listener);
        for (int i = 0; i < texts.length; i++) {
            stream.send(new TextChunk(i, texts[i]));
        }
        stream.finish();
        assertThat(listener.awaitEnd()).isNull();
        return listener;
    }

    @Test
    void secondIdenticalReplyIsServedFromTheCacheWithIdenticalAudio() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());

        RecordingTtsListener first = speak(engine, REQUEST, "您好，", "这里是客服中心。");
        RecordingTtsListener second = speak(engine, REQUEST, "您好，", "这里是客服中心。");

        assertThat(provider.sent).hasSize(2);
        assertThat(second.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        assertThat(second.audio.get(0)).isEqualTo(first.audio.get(0)).isEqualTo(audioFor(REQUEST, "您好，"));
        assertThat(second.audio.get(1)).isEqualTo(first.audio.get(1));
        assertThat(second.rates.get(0)).isEqualTo(RATE);
        assertThat(engine.hits()).isEqualTo(2);
        assertThat(engine.misses()).isEqualTo(2);
        assertThat(engine.bytes()).isEqualTo(2L * 2 * SAMPLES);
    }

    @Test
    void withApproximateChunksRepliesAreNotKeptAndWarmingSynthesisesEachTextAlone() throws Exception {
        provider.exact = false;
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());

        speak(engine, REQUEST, "您好，", "这里是客服中心。");
        speak(engine, REQUEST, "您好，", "这里是客服中心。");
        assertThat(provider.sent).hasSize(4); // nothing of the first reply was kept
        assertThat(engine.bytes()).isZero();

        int before = provider.opened.get();
        CachingTtsEngine.Warmed warmed = engine.warm(REQUEST, List.of("请问", "再见。"), java.time.Duration.ofSeconds(10));
        assertThat(warmed.synthesised()).isEqualTo(2);
        assertThat(provider.opened.get() - before).as("one stream per warmed text").isEqualTo(2);
        assertThat(speak(engine, REQUEST, "请问", "再见。").audio.get(1)).isEqualTo(audioFor(REQUEST, "再见。"));
        assertThat(provider.sent).hasSize(6);
    }

    @Test
    void listenerMayChangeTheAudioItGetsWithoutSpoilingTheCache() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        for (int i = 0; i < 2; i++) {  // a miss, then a hit
            RecordingTtsListener scribbler = new RecordingTtsListener() {
                @Override
                public void onAudio(TextChunk chunk, short[] pcm, int sampleRate) {
                    Arrays.fill(pcm, (short) 0);
                    super.onAudio(chunk, pcm, sampleRate);
                }
            };
            TtsStream stream = engine.open(REQUEST, scribbler);
            stream.send(new TextChunk(0, "您好"));
            stream.finish();
            assertThat(scribbler.awaitEnd()).isNull();
        }

        assertThat(speak(engine, REQUEST, "您好").audio.get(0)).isEqualTo(audioFor(REQUEST, "您好"));
        assertThat(provider.sent).hasSize(1);
    }

    static Stream<TtsRequest> otherRequests() {
        return Stream.of(
                new TtsRequest("call-1", "zh-CN", "xiaogang", null, 1.0),
                new TtsRequest("call-1", "zh-CN", "xiaoyun", "happy", 1.0),
                new TtsRequest("call-1", "zh-CN", "xiaoyun", null, 1.2),
                new TtsRequest("call-1", "en-US", "xiaoyun", null, 1.0));
    }

    @ParameterizedTest
    @MethodSource("otherRequests")
    void anotherVoiceEmotionSpeedOrLanguageIsAMiss(TtsRequest other) throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        speak(engine, REQUEST, "您好");

        speak(engine, other, "您好");

        assertThat(provider.sent).hasSize(2);
        assertThat(engine.hits()).isZero();
    }

    @Test
    void anotherTextOrProviderIsAMiss() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        speak(engine, REQUEST, "您好");
        speak(engine, REQUEST, "您好。");

        assertThat(provider.sent).hasSize(2);
        assertThat(engine.key(REQUEST, "您好"))
                .isNotEqualTo(new CachingTtsEngine(provider, "other", PromptCacheConfig.defaults()).key(REQUEST, "您好"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void memoryIsBoundedByBytesEvictingTheLeastRecentlyUsed() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", memoryOnly(2L * 2 * SAMPLES));
        speak(engine, REQUEST, "a");
        speak(engine, REQUEST, "b");
        speak(engine, REQUEST, "a");  // hit: b is now the least recently used
        speak(engine, REQUEST, "c");  // evicts b

        assertThat(engine.bytes()).isEqualTo(2L * 2 * SAMPLES);
        speak(engine, REQUEST, "a");
        speak(engine, REQUEST, "c");
        assertThat(provider.sent).extracting(TextChunk::text).containsExactly("a", "b", "c");
        speak(engine, REQUEST, "b");
        assertThat(provider.sent).extracting(TextChunk::text).containsExactly("a", "b", "c", "b");
    }

    @Test
    void audioLargerThanTheWholeCacheIsNotKept() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", memoryOnly(2L * SAMPLES - 1));
        speak(engine, REQUEST, "a");
        speak(engine, REQUEST, "a");

        assertThat(provider.sent).hasSize(2);
        assertThat(engine.bytes()).isZero();
    }

    @Test
    void diskCacheServesAnotherEngineInstance(@TempDir Path dir) throws Exception {
        PromptCacheConfig config = new PromptCacheConfig(true, 1 << 20, dir.toString(), 1 << 20, false);
        RecordingTtsListener first = speak(new CachingTtsEngine(provider, "fake", config), REQUEST, "您好");

        FakeProvider restarted = new FakeProvider();
        CachingTtsEngine engine = new CachingTtsEngine(restarted, "fake", config);
        RecordingTtsListener second = speak(engine, REQUEST, "您好");

        assertThat(restarted.sent).isEmpty();
        assertThat(second.audio.get(0)).isEqualTo(first.audio.get(0));
        assertThat(second.rates.get(0)).isEqualTo(RATE);
        assertThat(engine.hits()).isEqualTo(1);
        assertThat(dir.resolve(engine.key(REQUEST, "您好") + ".pcm")).exists();
    }

    @Test
    void diskCacheIsBoundedByBytesDroppingTheOldestFiles(@TempDir Path dir) throws Exception {
        long fileBytes = 8 + 2L * SAMPLES;
        PromptCacheConfig config = new PromptCacheConfig(true, 0, dir.toString(), 2 * fileBytes, false);
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", config);
        speak(engine, REQUEST, "a");
        Files.setLastModifiedTime(dir.resolve(engine.key(REQUEST, "a") + ".pcm"),
                FileTime.fromMillis(1_000));
        speak(engine, REQUEST, "b");
        speak(engine, REQUEST, "c");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    engine.key(REQUEST, "b") + ".pcm", engine.key(REQUEST, "c") + ".pcm");
        }
    }

    @Test
    void corruptDiskFileIsAMissNotAFailure(@TempDir Path dir) throws Exception {
        PromptCacheConfig config = new PromptCacheConfig(true, 1 << 20, dir.toString(), 1 << 20, false);
        Path file = dir.resolve(keyOf("您好") + ".pcm");
        Files.write(file, new byte[] {1, 2, 3});
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", config);

        RecordingTtsListener listener = speak(engine, REQUEST, "您好");

        assertThat(provider.sent).hasSize(1);
        assertThat(listener.audio.get(0)).isEqualTo(audioFor(REQUEST, "您好"));
        assertThat(listener.cached).containsEntry(0, false);
        assertThat(Files.size(file)).isEqualTo(8 + 2L * SAMPLES);  // rewritten with good audio
    }

    /** The key the engines of these tests file {@code text} under, computed without touching any directory. */
    private String keyOf(String text) {
        return new CachingTtsEngine(provider, "fake", memoryOnly(0)).key(REQUEST, text);
    }

    /**
     * The cached file is a FIFO nobody writes yet (a disk that does not answer): sending the chunk
     * returns at once, and the reply's own delivery thread reads the audio once the disk gives it.
     */
    @Test
    void sendingAChunkStoredOnDiskNeverWaitsForTheDisk(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve(keyOf("您好") + ".pcm");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        PromptCacheConfig config = new PromptCacheConfig(true, 1 << 20, dir.toString(), 1 << 20, false);
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", config);
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        boolean answered = false;
        try {
            CompletableFuture.runAsync(() -> {
                stream.send(new TextChunk(0, "您好"));
                stream.finish();
            }, Thread::startVirtualThread).get(10, TimeUnit.SECONDS);
            assertThat(listener.events).isEmpty();

            short[] pcm = audioFor(REQUEST, "stored");
            ByteBuffer file = ByteBuffer.allocate(8 + 2 * pcm.length).putInt(0x43525043).putInt(RATE);
            file.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
            Files.write(fifo, file.array());
            answered = true;
            // Each further open of the FIFO for reading (the read refreshes the file's time, which opens
            // it) needs a writer: an empty one is there for every open until the reply has ended.
            AtomicBoolean ended = new AtomicBoolean();
            Thread feeder = Thread.ofPlatform().daemon().start(() -> {
                while (!ended.get()) {
                    writeQuietly(fifo);
                }
            });
            try {
                assertThat(listener.awaitEnd()).isNull();
            } finally {
                ended.set(true);
                // frees the feeder if it is waiting for a reader; opened read-write, a FIFO never blocks (fifo(7))
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
                feeder.join(Duration.ofSeconds(10));
            }
            assertThat(listener.audio.get(0)).isEqualTo(pcm);
            assertThat(listener.cached).containsEntry(0, true);
            assertThat(provider.sent).isEmpty();
        } finally {
            if (!answered) {
                Thread.ofPlatform().daemon().start(() -> writeQuietly(fifo)); // lets a stuck reader go
                stream.cancel();
            }
        }
    }

    private static void writeQuietly(Path fifo) {
        try {
            Files.write(fifo, new byte[0]);
        } catch (java.io.IOException e) {
            // nobody was reading
        }
    }

    @Test
    void hitAfterAMissWaitsForTheMiss() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        speak(engine, REQUEST, "second");
        provider.manual = true;
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);

        stream.send(new TextChunk(0, "first"));
        stream.send(new TextChunk(1, "second"));
        stream.finish();
        TextChunk first = provider.sent.getLast();
        provider.listener.onAudio(first, audioFor(REQUEST, "first"), RATE);
        provider.listener.onChunkDone(first);
        provider.listener.onComplete();

        assertThat(listener.awaitEnd()).isNull();
        assertThat(listener.order()).containsExactly("audio:0", "done:0", "audio:1", "done:1", "complete");
        assertThat(listener.audio.get(1)).isEqualTo(audioFor(REQUEST, "second"));
        assertThat(provider.sent).extracting(TextChunk::text).containsExactly("second", "first");
    }

    @Test
    void cancelStopsDeliveryOfHitsAndMisses() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        speak(engine, REQUEST, "a", "b");
        provider.manual = true;
        CountDownLatch cancelled = new CountDownLatch(1);
        RecordingTtsListener listener = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, listener);
        listener.onDone = chunk -> {
            if (chunk.index() == 1) {
                stream.cancel();
                cancelled.countDown();
            }
        };

        stream.send(new TextChunk(0, "c"));
        stream.send(new TextChunk(1, "a"));
        stream.send(new TextChunk(2, "b"));
        stream.finish();
        TextChunk miss = provider.sent.getLast();
        provider.listener.onAudio(miss, new short[SAMPLES], RATE);
        provider.listener.onChunkDone(miss);
        assertThat(cancelled.await(60, TimeUnit.SECONDS)).isTrue();
        provider.listener.onAudio(miss, new short[SAMPLES], RATE);
        provider.listener.onComplete();
        stream.cancel();

        assertThat(miss.text()).isEqualTo("c");
        assertThat(listener.events).containsExactly("audio:0", "done:0", "audio:1", "done:1");
        assertThat(listener.terminal).isNotDone();
        assertThat(provider.calls).containsExactly("finish", "finish", "cancel");
    }

    @Test
    void failedChunkIsNotCachedAndFailsTheReplyOnce() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        for (int attempt = 0; attempt < 2; attempt++) {
            RecordingTtsListener listener = new RecordingTtsListener();
            TtsStream stream = engine.open(REQUEST, listener);
            stream.send(new TextChunk(0, "please fail"));
            stream.finish();

            assertThat(listener.awaitEnd()).hasMessageContaining("provider refused");
            assertThat(listener.events.stream().filter(e -> e.equals("failure") || e.equals("complete"))).hasSize(1);
        }
        assertThat(provider.sent).hasSize(2);
        assertThat(engine.bytes()).isZero();
    }

    @Test
    void warmFillsTheCache() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());

        engine.warm(REQUEST, List.of("您好，", "再见。"), Duration.ofSeconds(60));
        RecordingTtsListener listener = speak(engine, REQUEST, "再见。", "您好，");

        assertThat(provider.sent).hasSize(2);
        assertThat(engine.hits()).isEqualTo(2);
        assertThat(listener.audio.get(0)).isEqualTo(audioFor(REQUEST, "再见。"));
    }

    @Test
    void listenerIsToldWhichChunksCameFromTheCache() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        speak(engine, REQUEST, "您好，");

        RecordingTtsListener listener = speak(engine, REQUEST, "您好，", "今天天气不错。");

        assertThat(listener.cached).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(0, true, 1, false));
    }

    @Test
    void warmCountsWhatItSynthesisedAndWhatWasAlreadyCached() {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());

        assertThat(engine.warm(REQUEST, List.of("您好，", "再见。"), Duration.ofSeconds(60)))
                .isEqualTo(new CachingTtsEngine.Warmed(2, 0, 0));
        assertThat(engine.warm(REQUEST, List.of("您好，", "please fail"), Duration.ofSeconds(60)))
                .isEqualTo(new CachingTtsEngine.Warmed(0, 1, 1));
        assertThat(engine.hits() + engine.misses()).as("warming is not counted as replies' hits or misses").isZero();
    }

    /** Starts warming "您好，" on another thread with the provider in manual mode; returns once it was sent. */
    private java.util.concurrent.CompletableFuture<CachingTtsEngine.Warmed> warmingHello(CachingTtsEngine engine)
            throws Exception {
        provider.manual = true;
        java.util.concurrent.CompletableFuture<CachingTtsEngine.Warmed> warmed = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> engine.warm(REQUEST, List.of("您好，"), Duration.ofSeconds(60)));
        awaitSent(1);
        return warmed;
    }

    @Test
    void replyNeedingAChunkBeingWarmedWaitsForItInsteadOfSynthesisingItAgain() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        java.util.concurrent.CompletableFuture<CachingTtsEngine.Warmed> warmed = warmingHello(engine);
        TtsListener warming = provider.listener;

        RecordingTtsListener reply = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, reply);
        stream.send(new TextChunk(0, "您好，"));
        stream.finish();
        TextChunk chunk = provider.sent.getFirst();
        warming.onAudio(chunk, audioFor(REQUEST, "您好，"), RATE);
        warming.onChunkDone(chunk);
        warming.onComplete();

        assertThat(reply.awaitEnd()).isNull();
        assertThat(warmed.get(60, TimeUnit.SECONDS)).isEqualTo(new CachingTtsEngine.Warmed(1, 0, 0));
        assertThat(provider.sent).hasSize(1);
        assertThat(reply.audio.get(0)).isEqualTo(audioFor(REQUEST, "您好，"));
        assertThat(reply.cached).containsEntry(0, true);
    }

    @Test
    void replyWaitingForAFailedWarmingSynthesisesTheChunkItself() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());
        java.util.concurrent.CompletableFuture<CachingTtsEngine.Warmed> warmed = warmingHello(engine);
        TtsListener warming = provider.listener;
        RecordingTtsListener reply = new RecordingTtsListener();
        TtsStream stream = engine.open(REQUEST, reply);
        stream.send(new TextChunk(0, "您好，"));
        stream.send(new TextChunk(1, "再见。"));
        stream.finish();
        awaitSent(2); // the reply's own stream got the chunk that is not being warmed

        warming.onFailure(new IllegalStateException("provider down"));
        assertThat(warmed.get(60, TimeUnit.SECONDS)).isEqualTo(new CachingTtsEngine.Warmed(0, 0, 1));
        awaitSent(3); // ... and a stream of its own the chunk whose warming failed
        TtsListener alone = provider.listener;
        TextChunk retried = provider.sent.get(2);
        assertThat(retried.text()).isEqualTo("您好，");
        alone.onAudio(retried, audioFor(REQUEST, "您好，"), RATE);
        alone.onChunkDone(retried);
        alone.onComplete();
        await().atMost(Duration.ofSeconds(60)).until(() -> reply.events.contains("done:0"));
        assertThat(reply.order()).containsExactly("audio:0", "done:0");
        assertThat(reply.cached).containsEntry(0, false);
    }

    private void awaitSent(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.sent.size() >= count);
    }

    @Test
    void warmGivesUpAfterItsTimeOut() {
        provider.manual = true;
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", PromptCacheConfig.defaults());

        engine.warm(REQUEST, List.of("您好"), Duration.ofMillis(50));

        assertThat(provider.calls).contains("cancel");
        assertThat(engine.bytes()).isZero();
    }

    @Test
    void disabledCacheHandsStreamsStraightToTheProvider() throws Exception {
        CachingTtsEngine engine = new CachingTtsEngine(provider, "fake", new PromptCacheConfig(false, 1 << 20, "", 0, false));
        speak(engine, REQUEST, "您好");
        RecordingTtsListener listener = speak(engine, REQUEST, "您好");

        assertThat(provider.listener).isSameAs(listener);
        assertThat(provider.sent).hasSize(2);
        assertThat(engine.hits() + engine.misses()).isZero();
    }
}
