package io.callrobot.cli;

import io.callrobot.bench.ChunkerBench;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot bench chunker}: how soon and how well each chunker setting cuts realistic LLM streams. */
@Command(name = "chunker", mixinStandardHelpOptions = true, description = {
        "Replay a dozen Chinese and English customer-service answers, tokenised as Qwen/DeepSeek stream them",
        "(1-3 hanzi or a word per token, seeded), through the text chunker on a simulated clock; prints per",
        "setting the time from first token to first chunk, first-chunk length, chunks per answer, chunks cut",
        "mid-clause, and the silence after the first audio with a per-chunk TTS latency."})
final class ChunkerBenchCommand implements Callable<Integer> {

    @Option(names = "--replays", defaultValue = "50", description = "streams per answer (default ${DEFAULT-VALUE})")
    int replays;

    @Option(names = "--token-ms", defaultValue = "40", description = "mean token spacing; each gap is 0.5-1.5x (default ${DEFAULT-VALUE})")
    int tokenMillis;

    @Option(names = "--tts-ms", defaultValue = "150", description = "TTS time to first audio per chunk (default ${DEFAULT-VALUE})")
    int ttsMillis;

    @Option(names = "--seed", defaultValue = "8", description = "random seed of the token streams (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        new ChunkerBench(new ChunkerBench.Options(replays, Duration.ofMillis(tokenMillis), Duration.ofMillis(ttsMillis),
                seed), System.out).run();
        return 0;
    }
}
