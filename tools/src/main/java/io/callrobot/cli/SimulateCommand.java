package io.callrobot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.CallerVoice;
import io.callrobot.media.PcmAudio;
import io.callrobot.sim.FrameTimingStats;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimCallSpec;
import io.callrobot.sim.SimulatedCall;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callrobot simulate}: one call from a simulated FreeSWITCH against a running server. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = {
        "Place one simulated call against a running CallRobot, exactly as FreeSWITCH's socket app would,",
        "act as the caller step by step, save what the robot said to a WAV file and print the call's",
        "turns with their latency breakdown.",
        "Example: callrobot simulate --var customer_name=张三 --var amount=1280 --step say:是我 --step dtmf:1"})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--esl", defaultValue = "127.0.0.1:8040", description = "robot ESL address (default ${DEFAULT-VALUE})")
    String esl;

    @Option(names = "--http", defaultValue = "127.0.0.1:8080", description = "robot HTTP address, for the call record (default ${DEFAULT-VALUE})")
    String http;

    @Option(names = "--flow", description = "flow to run (channel variable robot_flow); default: the server's")
    String flow;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "channel variable, repeatable")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--inbound", description = "an unanswered inbound call (the robot answers it); default outbound")
    boolean inbound;

    @Option(names = "--rate", defaultValue = "8000", description = "call sample rate, 8000 or 16000 (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--step", paramLabel = "STEP", description = {
            "caller action after the robot has finished speaking, repeatable, in order:",
            "say:TEXT (spoken with espeak-ng), play:FILE.wav, dtmf:DIGITS, wait:SECONDS, hangup"})
    List<String> steps = new ArrayList<>();

    @Option(names = "--out", defaultValue = "robot.wav", description = "where to save the robot's audio (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for the robot at each step (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    private static final Duration QUIET = Duration.ofMillis(1500);

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        HostPort eslAddress = HostPort.parse(esl);
        SimCallSpec spec = inbound ? SimCallSpec.inbound(eslAddress.host(), eslAddress.port())
                : SimCallSpec.outbound(eslAddress.host(), eslAddress.port(), "13800138000");
        spec = spec.withSampleRate(rate);
        if (flow != null) {
            spec = spec.withVariable("robot_flow", flow);
        }
        for (Map.Entry<String, String> v : variables.entrySet()) {
            spec = spec.withVariable(v.getKey(), v.getValue());
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        CallerVoice voice = new CallerVoice();
        List<Long> voiceToVoice = new ArrayList<>();
        try (FreeSwitchSimulator simulator = new FreeSwitchSimulator()) {
            SimulatedCall call = simulator.place(spec);
            o.println("call " + call.uuid() + " connected to " + esl);
            call.awaitUnicastStarted(timeout);
            call.awaitFirstRobotAudio(timeout);
            call.awaitRobotSilence(QUIET, timeout);
            boolean hungUp = false;
            for (String step : steps) {
                int colon = step.indexOf(':');
                String kind = colon < 0 ? step : step.substring(0, colon);
                String arg = colon < 0 ? "" : step.substring(colon + 1);
                o.println("caller: " + step);
                int framesBefore = call.robotFrames().size();
                switch (kind) {
                    case "say" -> call.play(voice.say(arg));
                    case "play" -> call.play(PcmAudio.fromWav(Files.readAllBytes(Path.of(arg))));
                    case "dtmf" -> arg.chars().forEach(d -> call.pressDtmf((char) d));
                    case "wait" -> Thread.sleep((long) (Double.parseDouble(arg) * 1000));
                    case "hangup" -> {
                        call.hangup("NORMAL_CLEARING");
                        hungUp = true;
                    }
                    default -> throw new IllegalArgumentException("unknown step '" + step
                            + "': use say:TEXT, play:FILE.wav, dtmf:DIGITS, wait:SECONDS or hangup");
                }
                if (hungUp) {
                    break;
                }
                if (kind.equals("say") || kind.equals("play")) {
                    call.awaitCallerAudioSent(timeout);
                }
                if (!kind.equals("wait") && awaitReply(call, framesBefore, timeout)) {
                    long v2v = firstFrameAfter(call, call.lastVoicedCallerFrameNanos());
                    if (kind.equals("say") || kind.equals("play")) {
                        voiceToVoice.add(v2v);
                    }
                }
            }
            if (!hungUp) {
                try {
                    o.println("robot hung up: " + call.awaitHangup(Duration.ofSeconds(2)));
                } catch (TimeoutException e) {
                    call.hangup("NORMAL_CLEARING");
                }
            }
            PcmAudio audio = call.robotAudio();
            Files.write(out, audio.toWav());
            FrameTimingStats timing = call.robotFrameTiming(Duration.ofMillis(200));
            o.printf("robot audio: %.1f s saved to %s%n", audio.seconds(), out);
            o.printf("frames: %d in %d talk spurts, mean interval %.2f ms, jitter %.2f ms, max %.1f ms, gaps>30ms %d%n",
                    timing.frames(), timing.talkSpurts(), timing.meanIntervalMs(), timing.jitterMs(),
                    timing.maxIntervalMs(), timing.gapsOver30Ms());
            for (long v : voiceToVoice) {
                o.printf("voice_to_voice (measured at the simulated switch): %.0f ms%n", v / 1e6);
            }
            printRecord(o, call.uuid());
        }
        return 0;
    }

    /** Waits for robot audio newer than {@code framesBefore} and for the robot to go quiet again. */
    private static boolean awaitReply(SimulatedCall call, int framesBefore, Duration timeout) throws Exception {
        try {
            call.awaitRobotAudioAfter(framesBefore, timeout);
        } catch (TimeoutException e) {
            return false;
        }
        call.awaitRobotSilence(QUIET, timeout);
        return true;
    }

    private static long firstFrameAfter(SimulatedCall call, long nanos) {
        for (RobotFrame f : call.robotFrames()) {
            if (f.arrivalNanos() > nanos) {
                return f.arrivalNanos() - nanos;
            }
        }
        return -1;
    }

    /** Prints the call record the server keeps for recently ended calls. */
    private void printRecord(PrintStream o, String uuid) throws Exception {
        HostPort address = HostPort.parse(http);
        OkHttpClient client = new OkHttpClient();
        JsonNode record = null;
        for (int attempt = 0; attempt < 20 && record == null; attempt++) {
            Request request = new Request.Builder()
                    .url("http://" + address.host() + ":" + address.port() + "/calls/" + uuid).build();
            try (Response response = client.newCall(request).execute()) {
                JsonNode node = new ObjectMapper().readTree(response.body().string());
                if (response.isSuccessful() && node.has("turns")) {
                    record = node;
                }
            } catch (java.io.IOException e) {
                o.println("cannot read the call record from " + http + ": " + e.getMessage());
                return;
            }
            if (record == null) {
                Thread.sleep(100);
            }
        }
        if (record == null) {
            o.println("the server has no record of call " + uuid);
            return;
        }
        o.printf("result %s, hangup cause %s, flow %s%n", record.path("result").asText(),
                record.path("hangupCause").asText(), record.path("flow").asText());
        for (JsonNode turn : record.path("turns")) {
            String who = turn.path("speaker").asText();
            String text = turn.path("text").asText();
            String input = turn.path("input").isMissingNode() || turn.path("input").isNull()
                    ? "" : "[" + turn.path("input").asText() + "] ";
            o.printf("%2d %-6s %s%s%s%n", turn.path("turn").asInt(), who, input, text,
                    turn.path("interrupted").asBoolean() ? "  (interrupted)" : "");
            JsonNode latency = turn.path("latency");
            if (latency.isObject() && latency.size() > 0) {
                StringBuilder line = new StringBuilder("          ");
                latency.fields().forEachRemaining(e -> line.append(e.getKey()).append('=')
                        .append(e.getValue().asText()).append("ms "));
                JsonNode tts = turn.path("tts");
                if (tts.isObject()) {
                    line.append("tts chunks ").append(tts.path("chunks").asInt()).append(" (")
                            .append(tts.path("cached").asInt()).append(" from the prompt cache)");
                }
                o.println(line);
            }
        }
        if (record.path("errors").size() > 0) {
            o.println("errors: " + record.path("errors"));
        }
    }

    /** {@code host:port}. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
            }
            return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
