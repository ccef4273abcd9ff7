package io.callrobot.cli;

import io.callrobot.bench.CallerVoice;
import io.callrobot.media.PcmAudio;
import io.callrobot.sim.RobotFrame;
import io.callrobot.sim.SimulatedCall;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The caller's part in a simulated call: {@code say:TEXT}, {@code play:FILE.wav},
 * {@code dtmf:DIGITS}, {@code wait:SECONDS} and {@code hangup}, each after the robot has finished
 * speaking.
 */
final class CallerScript {

    private static final Duration QUIET = Duration.ofMillis(1500);

    private final List<String> steps;
    private final CallerVoice voice;
    private final Duration timeout;
    private final PrintStream out;
    private final String prefix;

    /** @param prefix put before each line printed, e.g. the call's uuid when several calls run */
    CallerScript(List<String> steps, CallerVoice voice, Duration timeout, PrintStream out, String prefix) {
        this.steps = List.copyOf(steps);
        this.voice = voice;
        this.timeout = timeout;
        this.out = out;
        this.prefix = prefix;
    }

    /**
     * Waits for the robot's greeting, then plays the steps; adds the voice-to-voice time of each
     * spoken step to {@code voiceToVoice}. Returns whether the script hung up.
     */
    boolean run(SimulatedCall call, List<Long> voiceToVoice) throws Exception {
        call.awaitUnicastStarted(timeout);
        call.awaitFirstRobotAudio(timeout);
        call.awaitRobotSilence(QUIET, timeout);
        for (String step : steps) {
            int colon = step.indexOf(':');
            String kind = colon < 0 ? step : step.substring(0, colon);
            String arg = colon < 0 ? "" : step.substring(colon + 1);
            out.println(prefix + "caller: " + step);
            int framesBefore = call.robotFrames().size();
            switch (kind) {
                case "say" -> call.play(voice.say(arg));
                case "play" -> call.play(PcmAudio.fromWav(Files.readAllBytes(Path.of(arg))));
                case "dtmf" -> arg.chars().forEach(d -> call.pressDtmf((char) d));
                case "wait" -> Thread.sleep((long) (Double.parseDouble(arg) * 1000));
                case "hangup" -> {
                    call.hangup("NORMAL_CLEARING");
                    return true;
                }
                default -> throw new IllegalArgumentException("unknown step '" + step
                        + "': use say:TEXT, play:FILE.wav, dtmf:DIGITS, wait:SECONDS or hangup");
            }
            if (kind.equals("say") || kind.equals("play")) {
                call.awaitCallerAudioSent(timeout);
            }
            if (!kind.equals("wait") && awaitReply(call, framesBefore)) {
                long v2v = firstFrameAfter(call, call.lastVoicedCallerFrameNanos());
                if (kind.equals("say") || kind.equals("play")) {
                    voiceToVoice.add(v2v);
                }
            }
        }
        return false;
    }

    /** Waits for robot audio newer than {@code framesBefore} and for the robot to go quiet again. */
    private boolean awaitReply(SimulatedCall call, int framesBefore) throws Exception {
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
}
