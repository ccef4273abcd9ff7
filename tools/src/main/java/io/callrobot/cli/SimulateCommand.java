package io.callrobot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callrobot.bench.CallerVoice;
import io.callrobot.media.PcmAudio;
import io.callrobot.sim.FrameTimingStats;
import io.callrobot.sim.FreeSwitchSimulator;
import io.callrobot.sim.InboundSettings;
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

    @Option(names = "--event-socket", paramLabel = "PORT", description = {
            "instead of placing one call, serve FreeSWITCH's inbound event socket on 127.0.0.1:PORT (8021 on a",
            "real switch) until interrupted: a dialer's originates ring the numbers (see --callee), answered calls",
            "go to the robot the originate names, and each caller then takes the --step actions"})
    Integer eventSocketPort;

    @Option(names = "--callee", paramLabel = "NUMBER=OUTCOME", description = {
            "with --event-socket, what a dialled number does, repeatable: answer, answer:SECONDS (rings first),",
            "busy, no_answer (rings until originate_timeout), no_session (the switch refuses a session), or a",
            "FreeSWITCH cause such as UNALLOCATED_NUMBER or SUBSCRIBER_ABSENT, optionally :SECONDS; other numbers answer"})
    Map<String, String> callees = new LinkedHashMap<>();

    @Option(names = "--password", defaultValue = "ClueCon", description = "with --event-socket, the auth password (default ${DEFAULT-VALUE})")
    String password;

    @Option(names = "--sps", defaultValue = "30", description = "with --event-socket, sessions per second the switch accepts (default ${DEFAULT-VALUE})")
    int sessionsPerSecond;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        if (eventSocketPort != null) {
            InboundSettings settings = InboundSettings.defaults().withPort(eventSocketPort).withPassword(password)
                    .withSessionsPerSecond(sessionsPerSecond);
            for (Map.Entry<String, String> callee : callees.entrySet()) {
                settings = settings.withCallee(callee.getKey(), EventSocketSimulation.callee(callee.getValue()));
            }
            return new EventSocketSimulation(settings, new CallerScript(steps, new CallerVoice(),
                    Duration.ofSeconds(timeoutSeconds), o, "")).run(o);
        }
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
            CallerScript script = new CallerScript(steps, voice, timeout, o, "");
            boolean hungUp = script.run(call, voiceToVoice);
            if (!hungUp) {
                try {
                    o.println("robot hung up: " + call.awaitHangup(Duration.ofSeconds(2)));
                } catch (TimeoutException e) {
                    call.hangup("NORMAL_CLEARING");
                }
            }
            PcmAudio audio = call.robotAudio();
            Files.write(out, audio.toWav());
            FrameTimingStats timing = call.robotFrameTiming();
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
