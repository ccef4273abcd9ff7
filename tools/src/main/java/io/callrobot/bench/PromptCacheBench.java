package io.callrobot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.RobotFrame;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First-audio time with the prompt cache cold and warm: the same scripted calls (the payment reminder
 * walked by keypad) against the fake HTTP TTS, first with the cache switched off, then with the flows'
 * fixed prompts warmed at start-up. Measures, per robot turn, {@code tts_first_audio − tts_first_text}
 * from the call log, and for the greeting the wait a caller hears: placing the call to its first robot
 * frame at the simulated switch.
 */
public final class PromptCacheBench {

    /** The load and the fake TTS latency. */
    public record Options(int calls, double callsPerSecond, Duration ttsLatency, Path workDir) {
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofMillis(1200);
    private static final String FLOW = "payment-reminder-zh";

    /** What one pass measured. */
    private static final class Pass {
        final Distribution greetingAtSwitch = new Distribution();
        final Distribution greetingTts = new Distribution();
        final Distribution turnTts = new Distribution();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong chunks = new AtomicLong();
        final AtomicLong cached = new AtomicLong();
    }

    private final Options options;
    private final PrintStream out;

    public PromptCacheBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        Files.createDirectories(options.workDir());
        try (FakeLlmServer llm = new FakeLlmServer(FakeLlmServer.Settings.defaults()).start();
             FakeTtsServer tts = new FakeTtsServer(FakeTtsServer.Settings.defaults()
                     .withLatency(options.ttsLatency())).start()) {
            Pass cold = pass("cold", false, llm, tts);
            Pass warm = pass("warm", true, llm, tts);
            out.println();
            out.printf("prompt cache, %d calls of %s placed at %.0f/s, fake TTS %d ms per chunk%n", options.calls(),
                    FLOW, options.callsPerSecond(), options.ttsLatency().toMillis());
            report("cold (cache off)", cold);
            report("warm (warmed at start-up)", warm);
        }
    }

    private void report(String name, Pass pass) {
        out.printf("%s: failed calls %d%s%n", name, pass.failed.get(), pass.chunks.get() == 0 ? ""
                : String.format(", chunks %d, of them cached %d", pass.chunks.get(), pass.cached.get()));
        out.println("  greeting, call placed -> first frame at switch  " + pass.greetingAtSwitch.summary("ms"));
        out.println("  greeting, tts_first_audio - tts_first_text      " + pass.greetingTts.summary("ms"));
        out.println("  all robot turns, tts_first_audio - tts_first_text " + pass.turnTts.summary("ms"));
    }

    private Pass pass(String name, boolean cache, FakeLlmServer llm, FakeTtsServer tts) throws Exception {
        Path callLog = options.workDir().resolve("prompt-cache-" + name + ".jsonl");
        Files.deleteIfExists(callLog);
        Pass pass = new Pass();
        try (RobotProcess robot = RobotProcess.start(environment(cache, llm, tts, callLog),
                     options.workDir().resolve("prompt-cache-" + name + ".log"));
             FreeSwitchSimulator simulator = new FreeSwitchSimulator()) {
            if (cache) {
                awaitWarmed(robot);
            }
            out.printf("%s: robot ready; %d calls%n", name, options.calls());
            List<Future<?>> running = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                long start = System.nanoTime();
                for (int i = 0; i < options.calls(); i++) {
                    long due = start + (long) (i / options.callsPerSecond() * 1e9);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                    int n = i;
                    running.add(callers.submit(() -> call(simulator, robot, n, pass)));
                }
                for (Future<?> f : running) {
                    f.get(180, TimeUnit.SECONDS);
                }
            }
            readCallLog(callLog, pass);
        }
        return pass;
    }

    /** Call {@code n}: every call has its own name and amount, so only the fixed speech can be cached. */
    private Void call(FreeSwitchSimulator simulator, RobotProcess robot, int n, Pass pass) {
        String callee = String.format("1390000%04d", n);
        SimCallSpec spec = SimCallSpec.outbound("127.0.0.1", robot.eslPort(), callee)
                .withVariable("robot_flow", FLOW).withVariable("customer_name", "客户" + n)
                .withVariable("amount", (1000 + n) + ".50").withVariable("due_date", "12月5日");
        long placed = System.nanoTime();
        SimulatedCall call = null;
        try {
            call = simulator.place(spec);
            RobotFrame first = call.awaitFirstRobotAudio(WAIT);
            pass.greetingAtSwitch.add((first.arrivalNanos() - placed) / 1e6);
            for (char key : new char[] {'1', '1'}) { // it is me; I pay today
                call.awaitRobotSilence(QUIET, WAIT);
                call.pressDtmf(key);
                call.awaitRobotAudioAfter(call.robotFrameCount(), WAIT);
            }
            call.awaitHangup(WAIT);
        } catch (Exception e) {
            pass.failed.incrementAndGet();
            out.println("call " + callee + " failed: " + e);
            if (call != null) {
                call.hangup("NORMAL_CLEARING");
            }
        }
        return null;
    }

    private Map<String, String> environment(boolean cache, FakeLlmServer llm, FakeTtsServer tts, Path callLog) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLROBOT_LOG_LEVEL", "INFO");
        env.put("CALLROBOT_CALL_MAX_CALLS", Integer.toString(options.calls()));
        env.put("CALLROBOT_MEDIA_PORT_MIN", "14000");
        env.put("CALLROBOT_MEDIA_PORT_MAX", Integer.toString(14000 + 2 * options.calls() + 199));
        env.put("CALLROBOT_CALL_LOG_PATH", callLog.toString());
        env.put("CALLROBOT_STORE_DATA_DIR", callLog.resolveSibling("bench-store").toString());
        env.put("CALLROBOT_LLM_BASE_URL", llm.url());
        env.put("CALLROBOT_TTS_PROVIDER", "http");
        env.put("CALLROBOT_TTS_HTTP_URL", tts.url());
        env.put("CALLROBOT_TTS_CACHE_ENABLED", Boolean.toString(cache));
        env.put("CALLROBOT_TTS_CACHE_WARM_ON_START", Boolean.toString(cache));
        return env;
    }

    /** Calls are taken while warming; the warm pass starts once it is over, to measure a warmed cache. */
    private static void awaitWarmed(RobotProcess robot) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(robot.metric("callrobot_tts_cache_warm_pending") == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("prompt cache warming did not finish within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private void readCallLog(Path callLog, Pass pass) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            // call records only: a summary's line (ops.SummaryRecord) starts with its type
            lines = Files.exists(callLog) ? Files.readAllLines(callLog).stream()
                    .filter(line -> !line.startsWith("{\"type\":")).toList() : List.of();
            if (lines.size() >= options.calls()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            pass.chunks.addAndGet(record.path("tts").path("chunks").asLong());
            pass.cached.addAndGet(record.path("tts").path("cached").asLong());
            boolean greeting = true;
            for (JsonNode turn : record.path("turns")) {
                JsonNode latency = turn.path("latency");
                if (!"robot".equals(turn.path("speaker").asText()) || !latency.has("tts_first_audio")) {
                    continue;
                }
                double firstAudio = latency.path("tts_first_audio").asDouble() - latency.path("tts_first_text").asDouble();
                pass.turnTts.add(firstAudio);
                if (greeting) {
                    pass.greetingTts.add(firstAudio);
                    greeting = false;
                }
            }
        }
    }
}
