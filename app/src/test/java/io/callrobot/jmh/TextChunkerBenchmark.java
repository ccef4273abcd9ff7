package io.callrobot.jmh;

import io.callrobot.text.ChunkerConfig;
import io.callrobot.text.TextChunker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link TextChunker#offer} per streamed LLM token: each operation offers the next token of a
 * reply; after the last token the reply is finished and the next one begins, so the score is
 * tokens per millisecond with the cost of {@link TextChunker#finish} spread over the reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TextChunkerBenchmark {

    private static final String ZH = "您好，这里是星河银行信用卡中心。根据您的账单，本期应还款金额为3,200.50元，"
            + "最后还款日是2026-03-05。如果您已经还款，请忽略本次提醒；如需分期，请访问 https://bank.example.com/fq 办理。"
            + "请问您现在方便确认一下还款计划吗？";
    private static final String EN = "Hello, this is the card service of Star River Bank. According to your statement, "
            + "the amount due is 3,200.50 dollars, payable by 2026-03-05. If you have already paid, please ignore "
            + "this reminder; for instalments, visit https://bank.example.com/plan. Dr. Smith asked us to confirm "
            + "your plan. Is now a good time to go through it?";

    @Param({"zh", "en"})
    String language;

    private List<String> tokens;
    private TextChunker chunker;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        tokens = language.equals("zh") ? cjkTokens(ZH) : wordTokens(EN);
        chunker = new TextChunker(ChunkerConfig.defaults());
    }

    @Benchmark
    public List<String> offerToken() {
        now += 30_000_000; // a token every 30 ms
        List<String> chunks = chunker.offer(tokens.get(next++), now);
        if (next == tokens.size()) {
            next = 0;
            chunks = chunker.finish();
        }
        return chunks;
    }

    /** Two characters per token, as Chinese LLM tokenizers often emit. */
    private static List<String> cjkTokens(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 2) {
            out.add(text.substring(i, Math.min(text.length(), i + 2)));
        }
        return out;
    }

    /** A word with its leading space per token, as English BPE tokenizers emit. */
    private static List<String> wordTokens(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.split("(?= )")) {
            out.add(word);
        }
        return out;
    }
}
