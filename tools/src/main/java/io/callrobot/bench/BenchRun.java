package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.media.PcmAudio;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.ReceiveSettings;
import io.callrobot.sim.SimCallSpec;
import io.callrobot.sim.SimulatedCall;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
     * @param pin           the robot on core 1 and the load generator on core 0 ({@link CorePinning})
     */
    public record Options(int calls, int seconds, double callsPerSecond, Duration asrLatency,
            Duration llmFirstToken, Duration llmTokenInterval, Duration ttsLatency, double ttsStreamPace, Path workDir,
            long llmSeed, int firstMinUnits, boolean pin) {

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

    public void run() throws Exception {
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
             FreeSwitchSimulator simulator = new FreeSwitchSimulator(RECEIVE)) {
            long baselineHeap = robot.liveHeap();
            Path threadDump = options.workDir().resolve("bench-threads.json");
            ThreadCensus idleThreads = robot.threads(threadDump);
            out.printf("robot ready; %d calls for %d s, placed at %.0f/s%n", options.calls(), options.seconds(),
                    options.callsPerSecond());
            long rampNanos = (long) (options.calls() / options.callsPerSecond() * 1e9);
            long start = System.nanoTime();
            long deadline = start + rampNanos + TimeUnit.SECONDS.toNanos(options.seconds());
            // real speech (espeak-ng), so the robot runs its default VAD, Silero, as shipped
            CallerVoice voice = new CallerVoice();
            PcmAudio utterance = voice.say(CALLER_LINE).resampled(8000);
            List<BenchCall.Sound> sounds = sounds(voice);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            LoadGeneratorCpu ownCpu = new LoadGeneratorCpu();
            try (BenchCallers callers = new BenchCallers(results, out)) {
                for (int i = 0; i < options.calls(); i++) {
                    long due = start + (long) (i / options.callsPerSecond() * 1e9);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                    SimulatedCall call = simulator.place(SimCallSpec.outbound("127.0.0.1", robot.eslPort(),
                            String.format("1380000%04d", i)));
                    running.add(callers.start(new BenchCall(call, utterance, deadline, results, asr, sounds, i)));
                }
                // steady state: every call placed and talking
                TimeUnit.SECONDS.sleep(Math.min(5, options.seconds() / 3));
                Duration cpuStart = robot.cpu();
                long ownCpuStart = ownCpu.nanos();
                long cpuWallStart = System.nanoTime();
                long loadedHeap = robot.liveHeap();
                ThreadCensus loadedThreads = robot.platformThreads();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
                Duration cpuEnd = robot.cpu();
                results.loadGeneratorCores = LoadGeneratorCpu.cores(ownCpuStart, ownCpu.nanos(),
                        System.nanoTime() - cpuWallStart);
                double platformPeak = robot.metric("jvm_threads_peak_threads");
                double cores = (cpuEnd.toNanos() - cpuStart.toNanos()) / (double) (System.nanoTime() - cpuWallStart);
                for (CompletableFuture<Void> f : running) {
                    f.get(120, TimeUnit.SECONDS);
                }
                readCallLog(callLog, results, options.calls());
                report(results, cores, baselineHeap, loadedHeap);
                reportThreads(idleThreads, loadedThreads, platformPeak);
            }
        }
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
        env.put("CALLROBOT_CALL_MAX_CALLS", Integer.toString(options.calls()));
        env.put("CALLROBOT_MEDIA_PORT_MIN", "14000");
        env.put("CALLROBOT_MEDIA_PORT_MAX", Integer.toString(14000 + 2 * options.calls() + 199));
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

    private void report(BenchResults r, double cores, long baselineHeap, long loadedHeap) {
        int calls = options.calls();
        out.println();
        out.printf("calls %d (failed %d, records %d), %d s steady, providers: asr %d ms, llm first token %d ms + %d ms/token, tts %d ms%n",
                calls, r.callsFailed.get(), r.records.get(), options.seconds(), options.asrLatency().toMillis(),
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
        out.printf("robot CPU               %.2f cores (%.3f%% of a core per call)%n", cores, 100 * cores / calls);
        out.printf("load generator CPU      %.2f cores (this JVM: switch, callers, fakes)%n", r.loadGeneratorCores);
        out.printf("robot live heap         %.1f MiB idle, %.1f MiB loaded: %.1f KiB per call%n",
                baselineHeap / 1048576.0, loadedHeap / 1048576.0, (loadedHeap - baselineHeap) / 1024.0 / calls);
    }

    /** Thread counts idle and with every call up; the peak is the JVM's own count of platform threads. */
    private void reportThreads(ThreadCensus idle, ThreadCensus loaded, double platformPeak) {
        out.printf("robot threads           platform %d idle, %d loaded, %.0f peak; virtual %s idle, %s loaded%n",
                idle.platform(), loaded.platform(), platformPeak, count(idle.virtual()), count(loaded.virtual()));
        out.println("robot platform threads  " + loaded.commonestPlatform(6));
    }

    private static String count(int threads) {
        return threads < 0 ? "n/a" : Integer.toString(threads);
    }
}
