package io.callrobot.bench;

import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.TextChunker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays realistic LLM token streams ({@link LlmTokenStream}) through {@link TextChunker} on a
 * simulated clock and reports, per chunker setting: time from the first token to the first chunk,
 * the first chunk's length, chunks per answer, chunks that end mid-clause (cut by the size limit or
 * the idle flush), and the silence a caller would hear after the first audio if each chunk were
 * synthesised alone with a fixed latency and spoken at 4.5 hanzi (or 15 letters) a second.
 */
public final class ChunkerBench {

    /** @param replays streams per answer; @param meanGap mean token spacing; @param ttsLatency request to first audio per chunk */
    public record Options(int replays, Duration meanGap, Duration ttsLatency, long seed) {
    }

    /** One row: a named chunker setting. */
    record Setting(String name, ChunkerConfig config, boolean streamingText) {
    }

    private static final String MARKS = "，、；：。！？…,;:.!?\"”’)）";
    /** One unit (a third of a hanzi, or a letter) lasts ~74 ms at 4.5 hanzi per second. */
    private static final long UNIT_NANOS = Duration.ofMillis(74).toNanos();

    private final Options options;
    private final PrintStream out;

    public ChunkerBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() {
        ChunkerConfig defaults = ChunkerConfig.defaults();
        List<Setting> settings = List.of(
                new Setting("firstMinUnits 12", withFirst(defaults, 12), false),
                new Setting("firstMinUnits 6", withFirst(defaults, 6), false),
                new Setting("firstMinUnits 2 (default)", defaults, false),
                new Setting("streaming text (cosyvoice, nls)", defaults, true));
        out.printf("%d answers x %d replays, tokens %d ms apart on average (0.5-1.5x), TTS %d ms per chunk, seed %d%n",
                LlmTokenStream.ANSWERS.size(), options.replays(), options.meanGap().toMillis(),
                options.ttsLatency().toMillis(), options.seed());
        out.printf("%-32s %14s %14s %12s %8s %10s %16s%n", "setting", "first p50 ms", "first p95 ms",
                "first chars", "chunks", "mid-clause", "stall p50/p95 ms");
        for (Setting setting : settings) {
            row(setting);
        }
    }

    private static ChunkerConfig withFirst(ChunkerConfig c, int firstMinUnits) {
        return new ChunkerConfig(firstMinUnits, c.laterMinUnits(), c.maxUnits(), c.idleFlush());
    }

    private void row(Setting setting) {
        LlmTokenStream streams = new LlmTokenStream(options.seed()); // the same streams for every setting
        List<Long> firstNanos = new ArrayList<>();
        List<Long> stallNanos = new ArrayList<>();
        long firstChars = 0;
        long chunks = 0;
        long midClause = 0;
        int replies = 0;
        for (int r = 0; r < options.replays(); r++) {
            for (String answer : LlmTokenStream.ANSWERS) {
                Reply reply = replay(setting, streams.stream(answer, options.meanGap().toNanos()));
                firstNanos.add(reply.readyNanos.getFirst());
                stallNanos.add(stall(reply));
                firstChars += reply.texts.getFirst().codePointCount(0, reply.texts.getFirst().length());
                chunks += reply.texts.size();
                midClause += reply.texts.stream().filter(t -> MARKS.indexOf(t.charAt(t.length() - 1)) < 0).count();
                replies++;
            }
        }
        out.printf("%-32s %14.0f %14.0f %12.1f %8.1f %10d %8.0f/%-7.0f%n", setting.name(), pct(firstNanos, 50),
                pct(firstNanos, 95), firstChars / (double) replies, chunks / (double) replies, midClause,
                pct(stallNanos, 50), pct(stallNanos, 95));
    }

    /** Chunk texts and when each was ready, in nanoseconds after the first token. */
    private record Reply(List<String> texts, List<Long> readyNanos) {
    }

    private static Reply replay(Setting setting, List<LlmTokenStream.Token> tokens) {
        TextChunker chunker = new TextChunker(setting.config(), setting.streamingText());
        List<String> texts = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        long now = 0;
        for (LlmTokenStream.Token token : tokens) {
            long next = now + token.gapNanos();
            if (chunker.deadlineNanos() <= next) { // the idle flush fires before this token
                add(texts, ready, chunker.poll(chunker.deadlineNanos()), chunker.deadlineNanos());
            }
            now = next;
            add(texts, ready, chunker.offer(token.text(), now), now);
        }
        add(texts, ready, chunker.finish(), now);
        return new Reply(texts, ready);
    }

    private static void add(List<String> texts, List<Long> ready, List<String> chunks, long at) {
        for (String chunk : chunks) {
            texts.add(chunk);
            ready.add(at);
        }
    }

    /** Silence after the first audio: each chunk plays from its audio's arrival or the previous one's end. */
    private long stall(Reply reply) {
        long tts = options.ttsLatency().toNanos();
        long end = 0;
        long silence = 0;
        for (int i = 0; i < reply.texts.size(); i++) {
            long audio = reply.readyNanos.get(i) + tts;
            if (i > 0 && audio > end) {
                silence += audio - end;
            }
            end = Math.max(audio, end) + units(reply.texts.get(i)) * UNIT_NANOS;
        }
        return silence;
    }

    private static int units(String text) {
        return text.codePoints().map(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN ? 3
                : Character.isLetterOrDigit(c) ? 1 : 0).sum();
    }

    private static double pct(List<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
