package io.callrobot.cli;

import io.callrobot.bench.BenchRun;
import io.callrobot.bench.PromptCacheBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code callrobot bench}: concurrent simulated calls against fakes with fixed provider latencies. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Measure the robot under load: it runs in a JVM of its own, answers N concurrent simulated calls",
        "through the LLM flow, and talks to local fakes of FunASR, an OpenAI-compatible LLM and an HTTP TTS",
        "that answer after fixed latencies. Reports robot_overhead, voice_to_voice, barge_in_stop, frame",
        "jitter, underruns, and the robot's CPU per call-second and live heap per call against their",
        "budgets (1 ms, 100 KiB), its threads, descriptors and sockets. Callers speak (espeak-ng) and the",
        "robot runs its default VAD, Silero; `bench vad` measures the VAD itself.",
        "Runs of 180 s or more are soaks: the robot is sampled every 30 s and the run fails when its heap,",
        "threads, descriptors or sockets grew from a sixth of the run to its end (use --call-seconds).",
        "Exits 1 when a call failed or the soak found growth.",
        "With --prompt-cache: first-audio time of scripted calls with the prompt cache off, then warmed."},
        subcommands = {VadBenchCommand.class, ChunkerBenchCommand.class, CampaignBenchCommand.class, AmdBenchCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--calls", defaultValue = "50", description = "concurrent calls (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--seconds", defaultValue = "60", description = "steady-state duration after ramp-up (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--call-seconds", defaultValue = "0", description = "0: every call lasts the whole run; else each call"
            + " hangs up after this many seconds (at the end of the round then under way) and a new one is placed,"
            + " keeping --calls up: the churn a soak needs (default ${DEFAULT-VALUE})")
    int callSeconds;

    @Option(names = "--rate", defaultValue = "50", description = "calls placed per second during ramp-up (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--asr-ms", defaultValue = "200", description = "recognition latency after end of speech (default ${DEFAULT-VALUE})")
    int asrMillis;

    @Option(names = "--llm-first-ms", defaultValue = "300", description = "LLM time to first token (default ${DEFAULT-VALUE})")
    int llmFirstMillis;

    @Option(names = "--llm-token-ms", defaultValue = "30", description = "LLM time between tokens (default ${DEFAULT-VALUE})")
    int llmTokenMillis;

    @Option(names = {"--tts-ms", "--tts-first-byte-ms"}, defaultValue = "150",
            description = "TTS time to the whole answer (whole) or to its first byte (stream) per chunk (default ${DEFAULT-VALUE})")
    int ttsMillis;

    @Option(names = "--llm-seed", defaultValue = "0", description = "0: the fake LLM streams one answer in even 1-3 character tokens;"
            + " else Chinese customer-service answers in turn, 1-3 hanzi per token, gaps 0.5-1.5x --llm-token-ms, seeded (default ${DEFAULT-VALUE})")
    long llmSeed;

    @Option(names = "--first-min-units", defaultValue = "0", description = "the robot's tts.chunker.firstMinUnits; 0 = its default (default ${DEFAULT-VALUE})")
    int firstMinUnits;

    @Option(names = "--tts-mode", defaultValue = "whole",
            description = "whole: each TTS answer sent at once; stream: chunked WAV at --tts-pace (default ${DEFAULT-VALUE})")
    String ttsMode;

    @Option(names = "--tts-pace", defaultValue = "1.0", description = "audio seconds the streaming TTS fake sends per second (default ${DEFAULT-VALUE})")
    double ttsPace;

    @Option(names = "--prompt-cache", description = "compare first-audio time with the prompt cache cold (off) and warmed at start-up, on the scripted payment reminder")
    boolean promptCache;

    @Option(names = "--pin", description = "run the robot on core 1 and the load generator on core 0 (taskset); skipped with a warning without taskset or a second core")
    boolean pin;

    @Option(names = "--work-dir", defaultValue = "target/bench", description = "call log and robot log go here (default ${DEFAULT-VALUE})")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (promptCache) {
            new PromptCacheBench(new PromptCacheBench.Options(calls, rate, Duration.ofMillis(ttsMillis), workDir),
                    System.out).run();
            return 0;
        }
        if (calls <= 0 || seconds <= 0 || callSeconds < 0 || rate <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls, --seconds and --rate must be positive"
                    + " and --call-seconds 0 or more; got --calls " + calls + " --seconds " + seconds + " --rate " + rate
                    + " --call-seconds " + callSeconds);
        }
        boolean passed = new BenchRun(new BenchRun.Options(calls, seconds, rate, Duration.ofMillis(asrMillis),
                Duration.ofMillis(llmFirstMillis), Duration.ofMillis(llmTokenMillis), Duration.ofMillis(ttsMillis),
                ttsMode.equalsIgnoreCase("stream") ? ttsPace : 0, workDir, llmSeed, firstMinUnits, callSeconds, pin),
                System.out).run();
        return passed ? 0 : 1;
    }
}
