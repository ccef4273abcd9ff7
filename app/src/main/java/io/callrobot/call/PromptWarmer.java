package io.callrobot.call;

import io.callrobot.dialog.ScriptedReply;
import io.callrobot.text.TextChunker;
import io.callrobot.tts.TtsRequest;
import io.callrobot.tts.cache.CachingTtsEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the prompt cache with the flows' fixed speech before calls need it. The cache keys on the text
 * chunks a call sends, so each scripted reply is cut by the call's own chunker, with the TTS request a
 * call would make ({@link RobotTurn#ttsRequest}). A reply with call variables (a name, an amount) is
 * cut with several very different stand-in values: the chunks that come out the same every time are
 * fixed and warmed ("请问您打算什么时候还款呢？" after the amount), the rest is left to the call.
 * Variables with a default are rendered with it, as for a call that does not set them.
 */
public final class PromptWarmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PromptWarmer.class);
    /**
     * Stand-ins for call variables: missing, short and long (over the chunker's maximum), Chinese and
     * Latin, with and without clause marks of their own ("Friday, May 9").
     */
    private static final List<String> STAND_INS = List.of("", "7", "张三", "John Smith", "Friday, May 9", "张三，李四",
            "一二三四五六七八九十一二三四五六七八九十一二三四五", "Alexander Maximilian Worthington of Northumberland");

    /** One reply's fixed chunks, not already claimed by an earlier job, spoken as {@code request} asks. */
    record Job(TtsRequest request, List<String> chunks) {
    }

    private final List<Job> jobs;
    private final CachingTtsEngine cache;
    private final Duration timeout;
    private final ExecutorService workers;
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param concurrency replies synthesised at once, leaving the provider's capacity to live calls
     * @param timeout     how long one reply's chunks may take before they are given up
     */
    public PromptWarmer(List<ScriptedReply> replies, Supplier<TextChunker> chunkers, CachingTtsEngine cache,
            int concurrency, Duration timeout) {
        this.jobs = jobs(replies, chunkers);
        this.cache = cache;
        this.timeout = timeout;
        this.workers = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().name("prompt-warm-", 0).factory());
        jobs.forEach(job -> pending.addAndGet(job.chunks().size()));
    }

    /**
     * Starts warming in the background; the future completes (never exceptionally) when it is over, after
     * logging the counts. Failures are logged and counted, never thrown.
     */
    public CompletableFuture<CachingTtsEngine.Warmed> start() {
        long started = System.nanoTime();
        List<CompletableFuture<CachingTtsEngine.Warmed>> running = new ArrayList<>();
        for (Job job : jobs) {
            running.add(CompletableFuture.supplyAsync(() -> warm(job), workers)
                    .exceptionally(e -> new CachingTtsEngine.Warmed(0, 0, job.chunks().size())));
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).handle((done, e) -> {
            CachingTtsEngine.Warmed total = running.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .map(CompletableFuture::join).reduce(CachingTtsEngine.Warmed.NONE, CachingTtsEngine.Warmed::plus);
            log.info("prompt cache warmed in {} ms: {} fixed chunks of {} scripted replies; {} synthesised, {} already cached, {} failed",
                    (System.nanoTime() - started) / 1_000_000, total.synthesised() + total.alreadyCached() + total.failed(),
                    jobs.size(), total.synthesised(), total.alreadyCached(), total.failed());
            return total;
        });
    }

    /** Chunks not yet warmed (0 once warming is over). */
    public int pending() {
        return pending.get();
    }

    private CachingTtsEngine.Warmed warm(Job job) {
        try {
            return cache.warm(job.request(), job.chunks(), timeout);
        } catch (RuntimeException e) {
            log.warn("prompt cache: warming {} failed", job.chunks(), e);
            return new CachingTtsEngine.Warmed(0, 0, job.chunks().size());
        } finally {
            pending.addAndGet(-job.chunks().size());
        }
    }

    List<Job> jobs() {
        return jobs;
    }

    /**
     * One job per reply with fixed chunks, each chunk in the first job that has it. Flows take turns, so
     * every flow's opening replies (listed first) are warmed before anything else.
     */
    static List<Job> jobs(List<ScriptedReply> replies, Supplier<TextChunker> chunkers) {
        Map<String, List<ScriptedReply>> byFlow = new LinkedHashMap<>();
        replies.forEach(r -> byFlow.computeIfAbsent(r.flow().name(), k -> new ArrayList<>()).add(r));
        List<Job> jobs = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        while (byFlow.values().stream().anyMatch(ofFlow -> !ofFlow.isEmpty())) {
            for (List<ScriptedReply> ofFlow : byFlow.values()) {
                if (ofFlow.isEmpty()) {
                    continue;
                }
                ScriptedReply reply = ofFlow.removeFirst();
                TtsRequest request = RobotTurn.ttsRequest("warm-" + reply.flow().name(), reply.flow(), reply.options());
                List<String> chunks = fixedChunks(reply, chunkers).stream()
                        .filter(chunk -> claimed.add(key(request, chunk))).toList();
                if (!chunks.isEmpty()) {
                    jobs.add(new Job(request, chunks));
                }
            }
        }
        return jobs;
    }

    /** The chunks a call sends for {@code reply} whatever its variables are, in speaking order. */
    static List<String> fixedChunks(ScriptedReply reply, Supplier<TextChunker> chunkers) {
        Set<String> variables = reply.variables();
        if (variables.isEmpty()) {
            return List.copyOf(new LinkedHashSet<>(chunks(reply.texts(Map.of()), chunkers.get())));
        }
        Set<String> fixed = null;
        for (String standIn : STAND_INS) {
            Map<String, String> values = new LinkedHashMap<>();
            variables.forEach(name -> values.put(name, standIn));
            List<String> chunks = chunks(reply.texts(values), chunkers.get());
            if (fixed == null) {
                fixed = new LinkedHashSet<>(chunks);
            } else {
                fixed.retainAll(chunks);
            }
        }
        return List.copyOf(fixed);
    }

    /** Cuts a scripted reply as {@link RobotTurn} does: its pieces arrive together, then the reply ends. */
    static List<String> chunks(List<String> texts, TextChunker chunker) {
        long now = System.nanoTime();
        List<String> chunks = new ArrayList<>();
        for (String text : texts) {
            if (!text.isEmpty()) {
                chunks.addAll(chunker.offer(text, now));
            }
        }
        chunks.addAll(chunker.finish());
        return chunks;
    }

    /** What makes two chunks the same cache entry, apart from the provider: the request without its call. */
    private static String key(TtsRequest request, String chunk) {
        return String.join("\u0000", request.language(), String.valueOf(request.voice()),
                String.valueOf(request.emotion()), Double.toString(request.speed()), chunk);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
