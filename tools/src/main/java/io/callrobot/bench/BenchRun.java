package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.cpu.CpuSnapshot;
import io.callrobot.bench.cpu.CpuSplit;
import io.callrobot.bench.soak.SoakTolerances;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.ReceiveSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark: the robot in its own JVM, talking through the LLM flow to local fakes with fixed
 * latencies, while a simulated FreeSWITCH runs {@code calls} concurrent callers for {@code seconds}.
 */
public final class BenchRun {

    /** What every simulated caller says, each time, in espeak-ng's Mandarin voice. */
    private static final String CALLER_LINE = "你好，我想问一下这个月的账单";
    /** No capture; a pause between turns is at least a TTS round trip, shorter intervals are inside a talk spurt. */
    private static final ReceiveSettings RECEIVE = ReceiveSettings.statisticsOnly(Duration.ofMillis(60));

    /**
     * Fixed provider latencies and the load to apply.
     *
     * @param llmSeed       0: the fake LLM streams one answer evenly; else realistic answers in turn, seeded
     * @param firstMinUnits the robot's {@code tts.chunker.firstMinUnits}, or 0 for its default
     * @param callSeconds   0: calls last the whole run; else each hangs up after this long and a new one is placed
     * @param pin           the robot on core 1 and the load generator on core 0 ({@link CorePinning})
     */
    public record Options(int calls, int seconds, double callsPerSecond, Duration asrLatency,
            Duration llmFirstToken, Duration llmTokenInterval, Duration ttsLatency, double ttsStreamPace, Path workDir,
            long llmSeed, int firstMinUnits, int callSeconds, boolean pin) {

        /** The fake TTS: whole answers after {@code ttsLatency}, or streamed at {@code ttsStreamPace} when it is positive. */
        FakeTtsServer.Settings tts() {
            FakeTtsServer.Settings whole = FakeTtsServer.Settings.defaults().withLatency(ttsLatency);
            return ttsStreamPace > 0 ? whole.streamed(ttsStreamPace) : whole;
        }
    }

    private final Options options;
    private final PrintStream out;

    public BenchRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the benchmark and prints its report.
     *
     * @return false when a call failed or the soak found growth
     */
    public boolean run() throws Exception {
        Files.createDirectories(options.workDir());
        Path callLog = options.workDir().resolve("bench-calls.jsonl");
        Files.deleteIfExists(callLog);
        BenchResults results = new BenchResults();
        CorePinning pinning = options.pin() ? CorePinning.pin() : CorePinning.none();
        out.println("cores: " + pinning.description());
        FakeLlmServer.Settings answers = options.llmSeed() == 0 ? FakeLlmServer.Settings.defaults()
                : FakeLlmServer.Settings.defaults().withRealisticAnswers(options.llmSeed());
        try (FakeLlmServer llm = new FakeLlmServer(answers
                     .withDelays(options.llmFirstToken(), options.llmTokenInterval())).start();
             FakeTtsServer tts = new FakeTtsServer(options.tts()).start();
             FakeFunAsrServer asr = new FakeFunAsrServer(FakeFunAsrServer.Settings.defaults()
                     .withRecognitionLatency(options.asrLatency())).start();
             RobotProcess robot = RobotProcess.start(robotEnvironment(llm, tts, asr, callLog),
                     options.workDir().resolve("bench-robot.log"), pinning.robotLauncher());
             FreeSwitchSimulator simulator = new FreeSwitchSimulator(RECEIVE);
             BenchCallers stepper = new BenchCallers(results, out)) {
            Path threadDump = options.workDir().resolve("bench-threads.json");
            RobotFigures idle = new RobotFigures(robot.liveHeap(), robot.threads(threadDump), robot.openFiles());
            out.printf("robot ready; %d calls for %d s, placed at %.0f/s%s%n", options.calls(), options.seconds(),
                    options.callsPerSecond(), options.callSeconds() > 0
                            ? ", each hanging up after " + options.callSeconds() + " s (at the end of its round) and replaced"
                            : "");
            // real speech (espeak-ng), so the robot runs its default VAD, Silero, as shipped
            CallerVoice voice = new CallerVoice();
            CallerLines lines = new CallerLines(simulator, robot.eslPort(), voice.say(CALLER_LINE).resampled(8000),
                    sounds(voice), asr, results, out, stepper);
            long start = System.nanoTime();
            long steadyStart = start + (long) (options.calls() / options.callsPerSecond() * 1e9);
            long deadline = steadyStart + TimeUnit.SECONDS.toNanos(options.seconds());
            SoakMonitor soak = new SoakMonitor(robot);
            Steady steady;
            RobotFigures loaded;
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = lines.start(callers, options.calls(), options.callsPerSecond(), start,
                        deadline, Duration.ofSeconds(options.callSeconds()));
                // steady state: every call placed and talking
                TimeUnit.NANOSECONDS.sleep(Math.max(0,
                        steadyStart + TimeUnit.SECONDS.toNanos(Math.min(5, options.seconds() / 3)) - System.nanoTime()));
                int callsUp = lines.uptime().upAt(System.nanoTime());
                loaded = new RobotFigures(robot.liveHeap(), robot.platformThreads(), robot.openFiles());
                Duration cpuStart = robot.cpu();
                Optional<CpuSnapshot> threadsStart = robot.cpuByThread();
                LoadGeneratorCpu ownCpu = new LoadGeneratorCpu();
                long ownCpuStart = ownCpu.nanos();
                long steadyFrom = System.nanoTime();
                soak.run(steadyStart, deadline);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
                Duration cpu = robot.cpu().minus(cpuStart);
                Optional<CpuSnapshot> threadsEnd = robot.cpuByThread();
                long steadyTo = System.nanoTime();
                results.loadGeneratorCores = LoadGeneratorCpu.cores(ownCpuStart, ownCpu.nanos(), steadyTo - steadyFrom);
                Optional<CpuSplit> cpuSplit = threadsStart.flatMap(from -> threadsEnd.map(to -> CpuSplit.between(from, to)));
                steady = new Steady(callsUp, cpu, cpuSplit, (steadyTo - steadyFrom) / 1e9,
                        lines.uptime().callSecondsWithin(steadyFrom, steadyTo), robot.metric("jvm_threads_peak_threads"));
                for (Future<?> f : running) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
            readCallLog(callLog, results, lines.placed());
            // every call has ended and been logged: what the robot still holds now, it kept
            RobotFigures after = new RobotFigures(robot.liveHeap(), robot.threads(threadDump), robot.openFiles());
            report(results, lines.placed(), steady, idle, loaded, after);
            boolean soakPassed = soak.report(out, Duration.ofSeconds(options.seconds()), SoakTolerances.forCalls(
                    options.calls(), perCall(idle.files().fds(), loaded.files().fds(), steady.callsUp()),
                    perCall(idle.files().sockets(), loaded.files().sockets(), steady.callsUp())));
            return results.callsFailed.get() == 0 && soakPassed;
        }
    }

    /** The robot at one instant: live heap, threads, descriptors. */
    private record RobotFigures(long liveHeap, ThreadCensus threads, OpenFiles files) {
    }

    /**
     * The steady part of the run, from every call up to the deadline.
     *
     * @param callsUp     calls up at its start, when the loaded figures were taken
     * @param cpuSplit    the robot's CPU by kind and thread, from /proc; empty where there is none
     * @param callSeconds the seconds calls were up within it, summed over calls
     */
    private record Steady(int callsUp, Duration cpu, Optional<CpuSplit> cpuSplit, double seconds, double callSeconds,
            double platformPeak) {
    }

    private static double perCall(int idle, int loaded, int calls) {
        return calls > 0 ? (loaded - idle) / (double) calls : Double.NaN;
    }

    /** What callers play over answers that is not a turn, and what the fake recogniser hears in it. */
    private static List<BenchCall.Sound> sounds(CallerVoice voice) throws Exception {
        NonSpeechSounds make = new NonSpeechSounds(8000);
        return List.of(new BenchCall.Sound("noise burst", make.noiseBurst(), ""),
                new BenchCall.Sound("clicks", make.clicks(), ""),
                new BenchCall.Sound("cough", make.cough(), ""),
                new BenchCall.Sound("door slam", make.doorSlam(), ""),
                new BenchCall.Sound("嗯 (espeak-ng)", voice.say("嗯").resampled(8000), "嗯"),
                new BenchCall.Sound("对 (espeak-ng)", voice.say("对").resampled(8000), "对"));
    }

    private Map<String, String> robotEnvironment(FakeLlmServer llm, FakeTtsServer tts, FakeFunAsrServer asr,
            Path callLog) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLROBOT_LOG_LEVEL", "WARN");
        // replaced calls: the new one may arrive before the robot has released the one it replaces
        int maxCalls = options.callSeconds() > 0 ? options.calls() + Math.max(10, options.calls() / 10) : options.calls();
        env.put("CALLROBOT_CALL_MAX_CALLS", Integer.toString(maxCalls));
        env.put("CALLROBOT_MEDIA_PORT_MIN", "14000");
        env.put("CALLROBOT_MEDIA_PORT_MAX", Integer.toString(14000 + 2 * maxCalls + 199));
        env.put("CALLROBOT_CALL_LOG_PATH", callLog.toString());
        env.put("CALLROBOT_STORE_DATA_DIR", callLog.resolveSibling("bench-store").toString());
        env.put("CALLROBOT_DIALOG_DEFAULT_FLOW", "assistant-zh");
        env.put("CALLROBOT_LLM_BASE_URL", llm.url());
        env.put("CALLROBOT_TTS_PROVIDER", "http");
        env.put("CALLROBOT_TTS_HTTP_URL", tts.url());
        // the fake LLM gives the same answer every time: a prompt cache would hide the TTS latency
        env.put("CALLROBOT_TTS_CACHE_ENABLED", "false");
        env.put("CALLROBOT_ASR_PROVIDER", "funasr");
        env.put("CALLROBOT_ASR_FUNASR_URL", asr.url());
        if (options.firstMinUnits() > 0) {
            env.put("CALLROBOT_TTS_CHUNKER_FIRST_MIN_UNITS", Integer.toString(options.firstMinUnits()));
        }
        return env;
    }

    /** The robot writes a record per call as it ends; wait for all of them. */
    private static void readCallLog(Path callLog, BenchResults results, int calls)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            // call records only: a summary's line (ops.SummaryRecord) starts with its type
            lines = Files.exists(callLog) ? Files.readAllLines(callLog).stream()
                    .filter(line -> !line.startsWith("{\"type\":")).toList() : List.of();
            if (lines.size() >= calls) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            results.records.incrementAndGet();
            results.underruns.addAndGet(record.path("media").path("underruns").asLong());
            for (JsonNode turn : record.path("turns")) {
                JsonNode latency = turn.path("latency");
                if (latency.has("robot_overhead") && latency.has("eou")) {
                    results.robotOverhead.add(latency.path("robot_overhead").asDouble());
                }
                if ("robot".equals(turn.path("speaker").asText()) && latency.has("tts_first_audio") && latency.has("tts_first_text")) {
                    results.ttsFirstAudio.add(latency.path("tts_first_audio").asDouble() - latency.path("tts_first_text").asDouble());
                }
                if (latency.has("voice_to_voice")) {
                    results.voiceToVoice.add(latency.path("voice_to_voice").asDouble());
                }
                if (latency.has("barge_in_stop")) {
                    results.bargeInStop.add(latency.path("barge_in_stop").asDouble());
                }
            }
        }
    }

    private void report(BenchResults r, int placed, Steady steady, RobotFigures idle, RobotFigures loaded,
            RobotFigures after) {
        out.println();
        out.printf("calls %d (placed %d, failed %d, records %d), %d s steady, providers: asr %d ms, llm first token %d ms + %d ms/token, tts %d ms%n",
                options.calls(), placed, r.callsFailed.get(), r.records.get(), options.seconds(), options.asrLatency().toMillis(),
                options.llmFirstToken().toMillis(), options.llmTokenInterval().toMillis(), options.ttsLatency().toMillis());
        out.println("robot_overhead          " + r.robotOverhead.summary("ms"));
        out.printf("tts_first_audio - tts_first_text  %s (fake TTS: %s, first byte %d ms)%n", r.ttsFirstAudio.summary("ms"),
                options.ttsStreamPace() > 0 ? "stream at " + options.ttsStreamPace() + "x" : "whole body", options.ttsLatency().toMillis());
        out.println("voice_to_voice (robot)  " + r.voiceToVoice.summary("ms"));
        out.println("voice_to_voice (switch) " + r.voiceToVoiceAtSwitch.summary("ms"));
        out.println("barge_in_stop (robot)   " + r.bargeInStop.summary("ms"));
        out.println("barge_in_stop (switch)  " + r.bargeInStopAtSwitch.summary("ms"));
        r.falsePauses.forEach((sound, p) -> out.printf(
                "not a turn: %-14s played %d, paused %d, cut %d, frames lost %d; pause %s%n", sound, p.played.get(),
                p.paused.get(), p.cut.get(), p.framesLost.get(), p.pauses.summary("ms")));
        out.println("frame jitter |Δ−20ms|   " + r.frameJitter.summary("ms"));
        out.printf("gaps > 30 ms at switch  %d%n", r.gapsAtSwitch.get());
        out.printf("underruns after start   %d%n", r.underruns.get());
        double cpuPerCallSecond = Budgets.cpuMillisPerCallSecond(steady.cpu(), steady.callSeconds());
        out.printf("robot CPU               %.2f cores over %.0f s steady, %.0f call-seconds: %.3f ms per call-second (%s)%n",
                steady.cpu().toNanos() / 1e9 / steady.seconds(), steady.seconds(), steady.callSeconds(), cpuPerCallSecond,
                Budgets.against(cpuPerCallSecond, Budgets.CPU_MILLIS_PER_CALL_SECOND, "ms"));
        steady.cpuSplit().ifPresent(split -> {
            out.println("robot CPU split         " + split.userAndKernel(steady.callSeconds()));
            out.println("robot CPU by thread     " + split.byThread(steady.callSeconds(), 8));
            double withoutJit = Budgets.cpuMillisPerCallSecond(split.withoutJitCompiler(), steady.callSeconds());
            out.printf("robot CPU without JIT   %.3f ms per call-second, JIT compiler threads excluded (%s)%n", withoutJit,
                    Budgets.against(withoutJit, Budgets.CPU_MILLIS_PER_CALL_SECOND, "ms"));
        });
        out.printf("load generator CPU      %.2f cores (this JVM: switch, callers, fakes)%n", r.loadGeneratorCores);
        double heapPerCall = Budgets.liveHeapKibPerCall(idle.liveHeap(), loaded.liveHeap(), steady.callsUp());
        out.printf("robot live heap         %.1f MiB idle, %.1f MiB with %d calls up, %.1f MiB after: %.1f KiB per call (%s)%n",
                idle.liveHeap() / 1048576.0, loaded.liveHeap() / 1048576.0, steady.callsUp(), after.liveHeap() / 1048576.0,
                heapPerCall, Budgets.against(heapPerCall, Budgets.LIVE_HEAP_KIB_PER_CALL, "KiB"));
        out.printf("robot threads           platform %d idle, %d loaded, %.0f peak, %d after; virtual %s idle, %s after"
                        + " (not counted loaded: a JSON thread dump under load crashes JDK 25.0.3)%n",
                idle.threads().platform(), loaded.threads().platform(), steady.platformPeak(), after.threads().platform(),
                count(idle.threads().virtual()), count(after.threads().virtual()));
        out.println("robot platform threads  " + loaded.threads().commonestPlatform(6));
        out.printf("robot fds               idle %s; loaded %s; after %s%n", idle.files().summary(),
                loaded.files().summary(), after.files().summary());
    }

    private static String count(int threads) {
        return threads < 0 ? "n/a" : Integer.toString(threads);
    }
}
